import type { KeyPress } from '../../key-split.js';
import { pictureStem, tracePlotInput } from '../../present/plot-inputs.js';
import { screenError } from '../../screen-error.js';
import { snapshotDurationMs } from '../../screen-pricing.js';
import type { SettingsStore } from '../../settings.js';
import type { TraceSource } from '../../trace-session.js';
import type { Exporter } from '../../export-state.js';
import { intentOf, type KeyedScreen } from '../key-table.js';
import { keyedModel, type ScreenModel } from '../screen-model.js';
import { SHELL_KEYS } from '../shell/keys.js';
import { createStore, type Store } from '../store.js';
import { followThrottled, whileWatched } from '../follow.js';
import { traceKeys, type TraceIntent } from './keys.js';
import { reduceTrace, type TraceAction } from './reduce.js';
import { traceBilling, initialTrace, type TraceSize, type TraceState } from './state.js';

/** Whether the engine can run something now, and word when that may have changed. */
interface EngineWatch {
  ready(): boolean;
  subscribe(listener: () => void): () => void;
}

export interface TraceServices {
  settings: Pick<SettingsStore, 'get' | 'subscribe'>;
  /** Saves the picture with e; absent (`functracer run`), there is no export. */
  exporter?: Exporter;
  /** h and p need a ready engine; absent, they are never offered. */
  engine?: EngineWatch;
}

/** Where the trace screen's keys lead; each absent where it cannot (a recorded trace cannot be run again without a record). */
export interface TraceExits {
  back?(): void;
  /** The cost screen, pricing this trace. */
  cost?(): void;
  /** The same run again: N times, as hull training, or as power tuning. */
  again?(as: 'multi' | 'hull' | 'tune'): void;
}

export interface TraceModel extends ScreenModel {
  store: Store<TraceState, TraceAction>;
  getState(): TraceState;
  /** The view's size as drawn: the report scrolls within it. */
  resize(size: TraceSize): void;
}

/**
 * The trace screen as a model: it follows the source (a run, or a trace already ended) at most 20 times a second,
 * and the settings and the engine while it is drawn; its keys stop, rerun, scroll, export and leave.
 */
export function createTrace(
  services: TraceServices,
  source: TraceSource,
  exits: TraceExits = {},
  options: { standalone?: boolean } = {},
): TraceModel {
  const standalone = options.standalone ?? false;
  const store = createStore(
    reduceTrace,
    initialTrace({
      snapshot: source.getSnapshot(),
      pricing: services.settings.get(),
      standalone,
      can: {
        rerun: source.rerunnable && !standalone,
        back: exits.back !== undefined,
        cost: exits.cost !== undefined,
        again: exits.again !== undefined,
        export: services.exporter !== undefined,
      },
      engineReady: services.engine?.ready() ?? false,
      cwd: services.exporter?.cwd ?? '',
    }),
  );
  const { dispatch, getState } = store;
  // The source lives as long as the screen's route, so it is followed from the start: keys always see the run.
  followThrottled(source, (snapshot) => dispatch({ type: 'snapshot', snapshot }));
  const watched = whileWatched(store, () => {
    const pricing = () => dispatch({ type: 'pricing', pricing: services.settings.get() });
    const engine = () => dispatch({ type: 'engine', ready: services.engine?.ready() ?? false });
    pricing();
    engine();
    const stops = [services.settings.subscribe(pricing), services.engine?.subscribe(engine)];
    return () => stops.forEach((stop) => stop?.());
  });
  let saving = false;
  const exportPicture = () => {
    const { exporter } = services;
    if (!exporter || saving) return;
    const state = getState();
    const input = tracePlotInput(state.snapshot, snapshotDurationMs(state.snapshot), traceBilling(state));
    saving = true;
    dispatch({ type: 'exported', exported: { phase: 'busy' } });
    Promise.resolve()
      .then(() => exporter.exportPlot(input, services.settings.get().outDir, pictureStem(state.snapshot.rawCsv)))
      .then(
        (value) => dispatch({ type: 'exported', exported: { phase: 'done', value } }),
        (error: unknown) => dispatch({ type: 'exported', exported: { phase: 'failed', error: screenError(error) } }),
      )
      .finally(() => (saving = false));
  };
  const run = (intent: TraceIntent): void => {
    switch (intent.type) {
      case 'stop':
        return void source.stop();
      case 'rerun':
        dispatch({ type: 'rerun' });
        return source.start();
      case 'back':
        return exits.back?.();
      case 'cost':
        return exits.cost?.();
      case 'again':
        return exits.again?.(intent.as);
      case 'export':
        return exportPicture();
      default:
        return dispatch(intent);
    }
  };
  const keyed: KeyedScreen<TraceState, TraceIntent> = { getState, keys: traceKeys, run, beforeKey: () => dispatch({ type: 'forget' }) };
  const base = keyedModel(keyed);
  return {
    ...base,
    store: watched,
    getState,
    key(press: KeyPress) {
      if (base.key(press)) return true;
      // A key the screen has no use for still clears what the last one said, as every key but quit and help does.
      const shared = intentOf(SHELL_KEYS, { canGoBack: false, typing: false }, press);
      if (shared?.type !== 'quit' && shared?.type !== 'help') keyed.beforeKey();
      return false;
    },
    resize: (size) => dispatch({ type: 'size', size }),
  };
}
