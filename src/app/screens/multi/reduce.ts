import type { MultiSnapshot } from '../../multi-session.js';
import type { PlotFiles } from '../../services.js';
import type { ScreenError } from '../../screen-error.js';
import type { TaskState } from '../../export-state.js';
import { scrolled, type Scroll } from '../key-table.js';
import { multiRunSettings, priced, sameSettings, shownRun, type MultiRunState, type MultiRunSettings } from './state.js';

/** Everything that changes the multi-run screen: its own keys, the session's runs and the settings. */
export type MultiRunAction =
  | { type: 'run'; run: MultiSnapshot }
  | { type: 'settings'; settings: MultiRunSettings }
  | Scroll
  | { type: 'typed'; typed: string | undefined }
  | { type: 'notice'; notice: ScreenError | undefined }
  | { type: 'exported'; exported: TaskState<PlotFiles> }
  /** Before each key: what the last one left on screen goes. */
  | { type: 'forget' }
  | { type: 'page'; rows: number };

/** The screen's state after one action: pure, so a test can drive it key by key. */
export function reduceMultiRun(state: MultiRunState, action: MultiRunAction): MultiRunState {
  switch (action.type) {
    case 'run': {
      const { run } = action;
      if (run === state.run) return state;
      // Pricing the runs is the costly part of a redraw: only a finished run or other memory prices them again.
      const same = run.done === state.run.done && run.allocatedBytes === state.run.allocatedBytes;
      return { ...state, run, table: same ? state.table : priced(run, state.settings) };
    }
    case 'settings': {
      if (sameSettings(action.settings, state.settings)) return state;
      const settings = multiRunSettings(action.settings);
      return { ...state, settings, table: priced(state.run, settings) };
    }
    case 'scroll':
      return { ...state, selected: scrolled(shownRun(state), action, state.page, state.run.done.length) };
    case 'typed':
      return action.typed === state.typed ? state : { ...state, typed: action.typed };
    case 'notice':
      return { ...state, notice: action.notice };
    case 'exported':
      return { ...state, exported: action.exported };
    case 'forget': {
      // A picture still being saved says so until it is saved.
      const done = state.exported.phase === 'done' || state.exported.phase === 'failed';
      if (!state.notice && !done) return state;
      return { ...state, notice: undefined, exported: done ? { phase: 'idle' } : state.exported };
    }
    case 'page':
      return action.rows === state.page ? state : { ...state, page: action.rows };
  }
}
