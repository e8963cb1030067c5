import { SAMPLE_JPEGS } from '../../../core/sample-jpeg.js';
import { screenError } from '../../screen-error.js';
import type { AppServices } from '../../services.js';
import type { Store } from '../store.js';
import type { HomeAction } from './reduce.js';
import type { HomeState } from './state.js';

/**
 * The JPEGs in ref-data with their size and dimensions, and the recorded traces. Sample JPEGs that are missing
 * are written after the list has been drawn once, because making them keeps the CPU busy for a few seconds.
 */
export function startInputs(
  services: Pick<AppServices, 'listSampleInputs' | 'writeSampleInputs'>,
  { dispatch, getState }: Store<HomeState, HomeAction>,
  refresh: () => void,
): () => void {
  let current = true;
  let timer: NodeJS.Timeout | undefined;
  // A quit while the JPEGs are made ends their worker: the process does not wait seconds for pictures nobody will see.
  const stop = new AbortController();
  const fail = (error: unknown) =>
    current && dispatch({ type: 'inputs', inputs: { ...getState().inputs, phase: 'failed', error: screenError(error) } });
  refresh();
  services.listSampleInputs().then((files) => {
    if (!current) return;
    const names = new Set(files.map((f) => f.name));
    if (SAMPLE_JPEGS.every((spec) => names.has(spec.fileName))) return dispatch({ type: 'inputs', inputs: { phase: 'ready', files } });
    dispatch({ type: 'inputs', inputs: { phase: 'writing', files } });
    timer = setTimeout(() => {
      services
        .writeSampleInputs(stop.signal)
        .then(() => services.listSampleInputs())
        .then((all) => current && dispatch({ type: 'inputs', inputs: { phase: 'ready', files: all } }), fail);
    }, 100);
  }, fail);
  return () => {
    current = false;
    clearTimeout(timer);
    stop.abort();
  };
}
