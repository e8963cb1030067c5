import { multiPlotInput, multiStem } from '../../present/plot-inputs.js';
import type { MultiRunSession } from '../../multi-session.js';
import { screenError } from '../../screen-error.js';
import type { AppServices } from '../../services.js';
import type { RunResult } from '../../trace-session.js';
import type { KeyPress } from '../../key-split.js';
import { intentOf } from '../key-table.js';
import { keyedModel, type ScreenModel } from '../screen-model.js';
import { SHELL_KEYS } from '../shell/keys.js';
import { createStore, type Store } from '../store.js';
import { followThrottled, whileWatched } from '../follow.js';
import { multiRunKeys, type MultiRunIntent } from './keys.js';
import { reduceMultiRun, type MultiRunAction } from './reduce.js';
import { initialMultiRun, MAX_RUNS, shownRun, typedRuns, type MultiRunState } from './state.js';

export type MultiRunServices = Pick<AppServices, 'exportPlot' | 'cwd' | 'settings'>;

/** Where the multi-run screen's keys lead. */
export interface MultiRunExits {
  /** One finished run, read-only on the trace screen. */
  openRun(result: RunResult, index: number): void;
  /** Back to the screen before; the shell stops the runs still going. */
  back(): void;
}

export interface MultiRunModel extends ScreenModel {
  store: Store<MultiRunState, MultiRunAction>;
  /** Rows the screen has: a page of the runs is half of them. */
  resize(rows: number): void;
}

/** The multi-run screen as a model: the session's runs mirrored in its store, and the keys carried out on the session. */
export function createMultiRun(session: MultiRunSession, services: MultiRunServices, exits: MultiRunExits): MultiRunModel {
  const base = createStore(reduceMultiRun, initialMultiRun(session.getSnapshot(), services.settings.get(), services.cwd));
  const { dispatch, getState } = base;
  // The session changes with every batch of samples; the store takes it at most 20 times a second, and at each key.
  // The model and its session are made and dropped together, so it follows the session for as long as both live.
  const { sync } = followThrottled(session, (run) => dispatch({ type: 'run', run }));
  // The settings outlive the screen: they are followed only while a view shows it, which lets go when it closes.
  const store = whileWatched(base, () => {
    sync();
    dispatch({ type: 'settings', settings: services.settings.get() });
    return services.settings.subscribe((settings) => dispatch({ type: 'settings', settings }));
  });
  const exportPicture = () => {
    const { run, table, settings, exported } = getState();
    if (exported.phase === 'busy') return;
    dispatch({ type: 'exported', exported: { phase: 'busy' } });
    services
      .exportPlot(multiPlotInput(run.title, run.done, table.costs, settings.provider), settings.outDir, multiStem(run.files?.dat))
      .then(
        (value) => dispatch({ type: 'exported', exported: { phase: 'done', value } }),
        (error: unknown) => dispatch({ type: 'exported', exported: { phase: 'failed', error: screenError(error) } }),
      );
  };
  const chooseRuns = (intent: Extract<MultiRunIntent, { type: 'runs' | 'digit' }>) => {
    const { runs } = session.getSnapshot();
    if (intent.type === 'runs') return session.setRuns(Math.min(MAX_RUNS, Math.max(1, runs + intent.step)));
    const typed = typedRuns(getState().typed, intent.digit);
    if ('refused' in typed) return dispatch({ type: 'notice', notice: typed.refused });
    if (typed.runs) session.setRuns(typed.runs);
    dispatch({ type: 'typed', typed: typed.typed });
  };
  const carryOut = (intent: MultiRunIntent): void => {
    // Any key but a digit ends a number being typed.
    if (intent.type !== 'digit') dispatch({ type: 'typed', typed: undefined });
    switch (intent.type) {
      case 'go-on':
        return session.answer(true);
      case 'stop':
        return void session.stop();
      case 'runs':
      case 'digit':
        return chooseRuns(intent);
      case 'start':
        return session.start();
      case 'open': {
        const state = getState();
        const at = shownRun(state);
        return exits.openRun(state.run.done[at]!, at);
      }
      case 'export':
        return exportPicture();
      case 'back':
        return exits.back();
      default:
        return dispatch(intent);
    }
  };
  const keyed = keyedModel({
    getState,
    keys: multiRunKeys,
    run: (intent) => {
      carryOut(intent);
      // What the key did to the session is drawn at once, and the next key sees it.
      sync();
    },
    beforeKey: () => dispatch({ type: 'forget' }),
  });
  return {
    ...keyed,
    store,
    key(press: KeyPress) {
      // A key sees the runs as they are now, not as last drawn: a burst of keys outruns the redraws.
      sync();
      if (keyed.key(press)) return true;
      // Every key but the shared quit and help forgets what the last one left, as a key the screen takes does.
      if (!intentOf(SHELL_KEYS, { canGoBack: true, typing: false }, press)) {
        dispatch({ type: 'forget' });
        dispatch({ type: 'typed', typed: undefined });
      }
      return false;
    },
    resize: (rows) => dispatch({ type: 'page', rows: Math.max(1, Math.floor(rows / 2)) }),
  };
}
