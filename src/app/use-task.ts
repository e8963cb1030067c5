import { useCallback, useEffect, useRef, useState } from 'react';
import { screenError, type ScreenError } from './trace-session.js';

export type TaskState<T> = { phase: 'idle' } | { phase: 'busy' } | { phase: 'done'; value: T } | { phase: 'failed'; error: ScreenError };

/**
 * One background job a key starts (saving a file, say) and its outcome for the
 * screen, until `reset`. A press while it is busy is ignored; a screen that
 * closed meanwhile is left alone.
 */
export function useTask<T>(): [TaskState<T>, (work: () => Promise<T>) => void, () => void] {
  const [state, setState] = useState<TaskState<T>>({ phase: 'idle' });
  const mounted = useRef(true);
  const busy = useRef(false);
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);
  const run = useCallback((work: () => Promise<T>) => {
    if (busy.current) return;
    busy.current = true;
    setState({ phase: 'busy' });
    work()
      .then(
        (value) => mounted.current && setState({ phase: 'done', value }),
        (error: unknown) => mounted.current && setState({ phase: 'failed', error: screenError(error) }),
      )
      .finally(() => {
        busy.current = false;
      });
  }, []);
  // Forgets a finished outcome (the screen shows it until the next key); a job still busy keeps its state.
  const reset = useCallback(() => setState((s) => (s.phase === 'busy' || s.phase === 'idle' ? s : { phase: 'idle' })), []);
  return [state, run, reset];
}

/** A task's failure as one line with what to try. */
export function failureText(error: ScreenError): string {
  return `✘ ${error.message}${error.hint ? `. Try: ${error.hint}` : ''}`;
}
