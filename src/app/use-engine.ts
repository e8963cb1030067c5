import { useCallback, useEffect, useState } from 'react';
import type { EngineHandle } from './services.js';
import { screenError, type ScreenError } from './trace-session.js';

export type EngineState =
  { status: 'connecting' } | { status: 'ready'; engine: EngineHandle } | { status: 'unreachable'; error: ScreenError };

/**
 * Connects to the engine once, and again on `retry`. An engine that does not
 * answer is a state, not a crash: the TUI stays open without it.
 */
export function useEngine(connect: () => Promise<EngineHandle>): EngineState & { retry: () => void } {
  const [attempt, setAttempt] = useState(0);
  const [state, setState] = useState<EngineState>({ status: 'connecting' });
  useEffect(() => {
    let current = true;
    setState({ status: 'connecting' });
    connect().then(
      (engine) => current && setState({ status: 'ready', engine }),
      (error: unknown) => current && setState({ status: 'unreachable', error: screenError(error) }),
    );
    return () => {
      current = false;
    };
  }, [connect, attempt]);
  const retry = useCallback(() => setAttempt((n) => n + 1), []);
  return { ...state, retry };
}
