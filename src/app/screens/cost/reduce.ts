import type { CostEntry } from '../../../ops/price-result.js';
import type { ScreenError } from '../../screen-error.js';
import type { SettingKey, Settings } from '../../settings.js';
import type { InvokedPricing } from '../../screen-pricing.js';
import type { SessionSnapshot } from '../../trace-session.js';
import { scrolled, type Scroll } from '../key-table.js';
import { costPaneLength, type CostState } from './state.js';

/** Everything that changes the cost screen: keys it handles itself, and what its actions learn (settings saved, the trace priced). */
export type CostAction =
  | Scroll
  | { type: 'pane' }
  /** A field opened with its text, its text as typed so far, or closed. */
  | { type: 'editing'; editing: { key: SettingKey; value: string } | undefined }
  | { type: 'notice'; notice: ScreenError | undefined }
  | { type: 'forget' }
  | { type: 'settings'; settings: Settings; path: string }
  /** `invoked` for an invoked function's trace, priced per invocation; `entries` for one run's. */
  | { type: 'priced'; snapshot: SessionSnapshot; entries: CostEntry[]; invoked?: InvokedPricing }
  | { type: 'page'; rows: number; width?: number };

/** The cost screen's state after one action: pure, so a test can drive it key by key. */
export function reduceCost(state: CostState, action: CostAction): CostState {
  switch (action.type) {
    case 'scroll': {
      const { pane } = state;
      const index = scrolled(state.selected[pane], action, state.page, costPaneLength(state, pane));
      return index === state.selected[pane] ? state : { ...state, selected: { ...state.selected, [pane]: index } };
    }
    case 'pane':
      // Without a trace there is no table to go to.
      if (!state.snapshot) return state;
      return { ...state, pane: state.pane === 'providers' ? 'settings' : 'providers' };
    case 'editing':
      return { ...state, editing: action.editing };
    case 'notice':
      return { ...state, notice: action.notice };
    case 'forget':
      return state.notice ? { ...state, notice: undefined } : state;
    case 'settings':
      return { ...state, settings: action.settings, settingsPath: action.path };
    case 'priced':
      return { ...state, snapshot: action.snapshot, entries: action.entries, invoked: action.invoked };
    case 'page': {
      const width = action.width ?? state.width;
      return action.rows === state.page && width === state.width ? state : { ...state, page: action.rows, width };
    }
  }
}
