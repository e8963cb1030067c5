import type { SessionSnapshot } from '../../trace-session.js';
import type { ExportState } from '../../export-state.js';
import { scrolled, type Scroll } from '../key-table.js';
import { lowerPane, traceReport, traceReportPage, type TraceSize, type TracePricing, type TraceState } from './state.js';

/** Everything that changes the trace screen: its keys, and what the source, the settings and the export say. */
export type TraceAction =
  | Scroll
  /** Tab: report ↔ billing canvas. */
  | { type: 'view' }
  /** r: the run starts again, drawn as a fresh one. */
  | { type: 'rerun' }
  | { type: 'snapshot'; snapshot: SessionSnapshot }
  | { type: 'pricing'; pricing: TracePricing }
  | { type: 'engine'; ready: boolean }
  | { type: 'size'; size: TraceSize }
  | { type: 'exported'; exported: ExportState }
  /** Any key but quit and help: what the last export said goes. */
  | { type: 'forget' };

/** The trace screen's state after one action: pure, so a test can drive it key by key. */
export function reduceTrace(state: TraceState, action: TraceAction): TraceState {
  switch (action.type) {
    case 'scroll': {
      const page = traceReportPage(state);
      const last = Math.max(0, traceReport(state).length - page);
      return { ...state, scroll: scrolled(state.scroll, action, page, last + 1) };
    }
    case 'view':
      return { ...state, chosen: lowerPane(state) === 'report' ? 'billing' : 'report' };
    case 'rerun':
      return { ...state, chosen: undefined, scroll: 0 };
    case 'snapshot':
      return action.snapshot === state.snapshot ? state : { ...state, snapshot: action.snapshot };
    case 'pricing': {
      const { provider, requestsPerMonth, freeTier } = action.pricing;
      const same = provider === state.pricing.provider && requestsPerMonth === state.pricing.requestsPerMonth;
      return same && freeTier === state.pricing.freeTier ? state : { ...state, pricing: { provider, requestsPerMonth, freeTier } };
    }
    case 'engine':
      return action.ready === state.engineReady ? state : { ...state, engineReady: action.ready };
    case 'size': {
      const { width, height } = action.size;
      return width === state.size.width && height === state.size.height ? state : { ...state, size: { width, height } };
    }
    case 'exported':
      return { ...state, exported: action.exported };
    case 'forget':
      // An export still saving keeps saying so.
      return state.exported.phase === 'done' || state.exported.phase === 'failed' ? { ...state, exported: { phase: 'idle' } } : state;
  }
}
