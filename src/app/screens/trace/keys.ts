import type { BindingInfo } from '../../key-bindings.js';
import type { KeyEntry, KeyTable, KeyTables, Scroll } from '../key-table.js';
import {
  lowerPane,
  traceEnded,
  tracePerInvocation,
  traceReport,
  traceReportPage,
  traceRunning,
  tracePriceable,
  type TraceState,
} from './state.js';

/** What a key on the trace screen asks for: a change of state, or an action that reaches out. */
export type TraceIntent =
  | Scroll
  | { type: 'view' }
  | { type: 'stop' }
  | { type: 'rerun' }
  | { type: 'back' }
  | { type: 'export' }
  | { type: 'cost' }
  /** m, h, p: the same run again as a multi-run, hull training or power tuning. */
  | { type: 'again'; as: 'multi' | 'hull' | 'tune' };

const reading = (s: TraceState) => lowerPane(s) === 'report';

/** The report scrolls as every list does, and space pages down too: a report has no other use for it. */
const SCROLL_REPORT: KeyTable<TraceState, TraceIntent> = [
  {
    keys: ['up', 'down', 'j', 'k', 'pageup', 'pagedown', 'space', 'ctrl-u', 'ctrl-d'],
    show: 'j/k',
    // Offered only when the report is longer than its pane; the keys work anyway.
    label: (s) => (traceReport(s).length > traceReportPage(s) ? 'scroll' : ''),
    help: 'scroll the report',
    when: reading,
    does: ({ input, key }) => {
      if (key.pageUp || key.pageDown || input === ' ') return { type: 'scroll', by: 'page', sign: key.pageUp ? -1 : 1 };
      if (key.ctrl) return { type: 'scroll', by: 'half', sign: input === 'u' ? -1 : 1 };
      return { type: 'scroll', by: 'row', sign: key.upArrow || input === 'k' ? -1 : 1 };
    },
  },
  {
    keys: ['home', 'g', 'end', 'G'],
    help: 'to the top or the end of the report',
    when: reading,
    does: ({ input, key }) => ({ type: 'scroll', to: key.home || input === 'g' ? 'start' : 'end' }),
  },
];

const STOP: KeyEntry<TraceState, TraceIntent> = {
  keys: ['x'],
  label: 'stop',
  help: 'stop the run (the trace is kept)',
  when: traceRunning,
  does: { type: 'stop' },
};

/** The trace screen's keys in the App, most needed first: a bar too narrow even when tightened drops the hints at the end. */
export const TRACE_KEYS: KeyTable<TraceState, TraceIntent> = [
  STOP,
  { keys: ['r'], label: 'rerun', help: 'run again with the same options', when: (s) => !traceRunning(s), does: { type: 'rerun' } },
  {
    keys: ['escape', 'backspace'],
    show: 'Esc',
    label: (s) => (traceRunning(s) ? 'stop & back' : 'back'),
    help: 'back; a run still going is stopped, its container removed',
    does: { type: 'back' },
  },
  {
    keys: ['tab', 'shift-tab'],
    show: 'Tab',
    label: (s) => (reading(s) ? 'billing' : 'report'),
    help: 'report ↔ billing canvas, once the run ended',
    // An invoked function is billed per invocation (its report or the cost screen gives them): no single run to draw.
    when: (s) => traceEnded(s) && !tracePerInvocation(s),
    does: { type: 'view' },
  },
  {
    keys: ['m'],
    label: 'multi',
    help: 'run the same image and options N times',
    when: (s) => !traceRunning(s),
    does: { type: 'again', as: 'multi' },
  },
  {
    keys: ['e'],
    label: 'export',
    help: 'export the picture (SVG and PNG) into the output folder',
    when: (s) => s.snapshot.samples > 0,
    does: { type: 'export' },
  },
  {
    keys: ['h'],
    label: 'hull',
    help: "train a hull on this run's image and options",
    when: (s) => !traceRunning(s),
    does: { type: 'again', as: 'hull' },
  },
  // Last of the run's keys: where the bar is full, it is the one that gives way to `? more`.
  {
    keys: ['p'],
    label: 'tune',
    help: 'power tuning: the same image and options',
    when: (s) => !traceRunning(s),
    does: { type: 'again', as: 'tune' },
  },
  {
    keys: ['c'],
    label: 'cost',
    help: 'compare providers for this trace',
    // An invoked function is priced per invocation: once its session has its figures, not while they still come.
    when: tracePriceable,
    does: { type: 'cost' },
  },
  ...SCROLL_REPORT,
];

/** `functracer run`'s screen: x stops the run; q and Ctrl-C stop it too, as the quit of a screen drawn alone. */
const RUN_KEYS: KeyTable<TraceState, TraceIntent> = [STOP];

/** The bar's word for q on `functracer run`'s screen while the run goes; the screen closes by itself once it ends. */
export function runQuitHint(s: TraceState): BindingInfo {
  return { keys: ['q'], label: 'stop', help: 'stop the run', when: () => traceRunning(s) };
}

/** Whether the screen was given what the key needs: a source that reruns, a way back, an offer to run again, an exporter. */
function given({ does }: KeyEntry<TraceState, TraceIntent>, s: TraceState): boolean {
  if (typeof does === 'function') return true;
  switch (does.type) {
    case 'rerun':
      return s.can.rerun;
    case 'back':
      return s.can.back;
    case 'cost':
      return s.can.cost;
    case 'export':
      return s.can.export;
    case 'again':
      // Training and tuning run on the engine: without it they are not offered at all.
      return s.can.again && (does.as === 'multi' || s.engineReady);
    default:
      return true;
  }
}

export const traceKeys: KeyTables<TraceState, TraceIntent> = {
  table: (s) => (s.standalone ? RUN_KEYS : TRACE_KEYS.filter((entry) => given(entry, s))),
};
