import { SAMPLE_JPEGS } from '../../../core/sample-jpeg.js';
import { screenError } from '../../screen-error.js';
import type { AppServices } from '../../services.js';
import type { Store } from '../store.js';
import type { HomeAction } from './reduce.js';
import type { HomeState, SampleInputs } from './state.js';

/** Changes the inputs from what they are now: a failure keeps the files already listed. */
type InputsUpdate = (next: (inputs: SampleInputs) => SampleInputs) => void;

/**
 * The JPEGs in ref-data with their size and dimensions, told to `update` as they are known. Sample JPEGs that are
 * missing are written after the list has been drawn once, because making them keeps the CPU busy for a few seconds.
 * Home and the hull screen both list them this way; the returned function stops it.
 */
export function loadSampleInputs(services: Pick<AppServices, 'listSampleInputs' | 'writeSampleInputs'>, update: InputsUpdate): () => void {
  let current = true;
  let timer: NodeJS.Timeout | undefined;
  // A quit while the JPEGs are made ends their worker: the process does not wait seconds for pictures nobody will see.
  const stop = new AbortController();
  const set = (inputs: SampleInputs) => current && update(() => inputs);
  const fail = (error: unknown) => current && update((inputs) => ({ ...inputs, phase: 'failed', error: screenError(error) }));
  services.listSampleInputs().then((files) => {
    if (!current) return;
    const names = new Set(files.map((f) => f.name));
    if (SAMPLE_JPEGS.every((spec) => names.has(spec.fileName))) return void set({ phase: 'ready', files });
    set({ phase: 'writing', files });
    timer = setTimeout(() => {
      services
        .writeSampleInputs(stop.signal)
        .then(() => services.listSampleInputs())
        .then((all) => set({ phase: 'ready', files: all }), fail);
    }, 100);
  }, fail);
  return () => {
    current = false;
    clearTimeout(timer);
    stop.abort();
  };
}

/** Home's inputs pane, and its recorded traces read alongside. */
export function startInputs(
  services: Pick<AppServices, 'listSampleInputs' | 'writeSampleInputs'>,
  { dispatch, getState }: Store<HomeState, HomeAction>,
  refresh: () => void,
): () => void {
  refresh();
  return loadSampleInputs(services, (next) => dispatch({ type: 'inputs', inputs: next(getState().inputs) }));
}
