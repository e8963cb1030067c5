import { useEffect, useState } from 'react';
import { SAMPLE_JPEGS } from '../core/sample-jpeg.js';
import type { AppServices, SampleInputFile } from './services.js';
import { screenError, type ScreenError } from './screen-error.js';

export interface SampleInputsState {
  phase: 'listing' | 'writing' | 'ready' | 'failed';
  files: SampleInputFile[];
  error?: ScreenError;
}

/**
 * The JPEGs in ref-data with their size and dimensions. Sample JPEGs that are
 * missing are written first, after the list has been drawn once, because
 * generating them keeps the CPU busy for a few seconds.
 */
export function useSampleInputs(services: Pick<AppServices, 'listSampleInputs' | 'writeSampleInputs'>): SampleInputsState {
  const [state, setState] = useState<SampleInputsState>({ phase: 'listing', files: [] });
  useEffect(() => {
    let current = true;
    let timer: NodeJS.Timeout | undefined;
    // A quit while the JPEGs are made ends their worker: the process does not wait seconds for pictures nobody will see.
    const stop = new AbortController();
    const fail = (error: unknown) => current && setState((s) => ({ ...s, phase: 'failed', error: screenError(error) }));
    services.listSampleInputs().then((files) => {
      if (!current) return;
      const names = new Set(files.map((f) => f.name));
      if (SAMPLE_JPEGS.every((spec) => names.has(spec.fileName))) return setState({ phase: 'ready', files });
      setState({ phase: 'writing', files });
      timer = setTimeout(() => {
        services
          .writeSampleInputs(stop.signal)
          .then(() => services.listSampleInputs())
          .then((all) => current && setState({ phase: 'ready', files: all }), fail);
      }, 100);
    }, fail);
    return () => {
      current = false;
      clearTimeout(timer);
      stop.abort();
    };
  }, [services]);
  return state;
}
