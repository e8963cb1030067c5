import { useCallback, useEffect, useRef, useState } from 'react';
import { sampleBuildRow, type SampleBuildRow } from '../report/sample-builds.js';
import type { SampleStatus } from '../tracer/samples/builder.js';
import type { EngineHandle } from './services.js';
import { screenError, type ScreenError } from './screen-error.js';

export interface SamplesState {
  phase: 'waiting' | 'checking' | 'building' | 'ready' | 'failed';
  statuses: SampleStatus[];
  /** One row per sample while building, worded as `samples build` words them. */
  rows: SampleBuildRow[];
  error?: ScreenError;
}

export interface Samples {
  state: SamplesState;
  /** Cancels a build in progress; resolves once it has let go of the engine. */
  stop(): Promise<void>;
}

/**
 * The sample images on the engine. Missing or stale ones are built as soon as
 * the engine is there, with a progress row per image.
 */
export function useSamples(engine: EngineHandle | undefined): Samples {
  const [state, setState] = useState<SamplesState>({ phase: 'waiting', statuses: [], rows: [] });
  const work = useRef<{ abort: AbortController; done: Promise<void> } | undefined>(undefined);
  useEffect(() => {
    if (!engine) return undefined;
    let current = true;
    const abort = new AbortController();
    const set = (update: (s: SamplesState) => SamplesState) => current && setState(update);
    const done = (async () => {
      set((s) => ({ ...s, phase: 'checking' }));
      const before = await engine.listSamples();
      set((s) => ({ ...s, statuses: before }));
      if (before.some((s) => !s.built || s.stale)) {
        const rows = new Map<string, SampleBuildRow>();
        set((s) => ({ ...s, phase: 'building' }));
        await engine.buildSamples((event) => {
          rows.set(event.name, sampleBuildRow(event));
          set((s) => ({ ...s, rows: [...rows.values()] }));
        }, abort.signal);
      }
      const statuses = await engine.listSamples();
      set((s) => ({ ...s, phase: 'ready', statuses }));
    })().catch((error: unknown) => void (abort.signal.aborted || set((s) => ({ ...s, phase: 'failed', error: screenError(error) }))));
    work.current = { abort, done };
    return () => {
      current = false;
      abort.abort();
    };
  }, [engine]);
  const stop = useCallback(async () => {
    work.current?.abort.abort();
    await work.current?.done;
  }, []);
  return { state, stop };
}
