import { scrollEntries, type KeyTable, type KeyTables } from '../key-table.js';
import type { MultiRunAction } from './reduce.js';
import { running, shownRun, type MultiRunState } from './state.js';

/** What a key on the multi-run screen asks for: a change of state, or an action on the runs (start, stop, open, export). */
export type MultiRunIntent =
  | Extract<MultiRunAction, { type: 'scroll' }>
  | { type: 'go-on' }
  | { type: 'stop' }
  | { type: 'runs'; step: 1 | -1 }
  | { type: 'digit'; digit: string }
  | { type: 'start' }
  | { type: 'open' }
  | { type: 'export' }
  | { type: 'back' };

const idle = (s: MultiRunState) => s.run.phase === 'idle';
const ended = (s: MultiRunState) => !running(s);

/** The multi-run screen's keys, most needed first: a bar too narrow even when tightened drops the hints at the end. */
export const MULTI_KEYS: KeyTable<MultiRunState, MultiRunIntent> = [
  {
    keys: ['y', 'return'],
    show: 'y',
    label: 'go on',
    help: 'go on with a long series of runs, when asked',
    when: (s) => s.run.confirm !== undefined,
    does: { type: 'go-on' },
  },
  // When a long series asks whether to go on, x is the no: it stops there, keeping the first run.
  { keys: ['x'], label: 'stop', help: 'stop (the finished runs and their files are kept)', when: running, does: { type: 'stop' } },
  // N can change after the runs too, for r; the bar offers it before the first start only.
  {
    keys: ['left', 'right', '-', '+', 'digit'],
    show: '←→/0-9',
    label: (s) => (idle(s) ? 'N' : ''),
    help: 'choose N before starting: one fewer, one more, or type it',
    when: ended,
    does: ({ input, key }) =>
      key.leftArrow || input === '-'
        ? { type: 'runs', step: -1 }
        : key.rightArrow || input === '+'
          ? { type: 'runs', step: 1 }
          : { type: 'digit', digit: input },
  },
  { keys: ['return'], label: 'start', help: 'start the N runs', when: idle, does: { type: 'start' } },
  ...scrollEntries<MultiRunState>({ of: 'the runs', help: 'select a run', when: ended }).map((entry, i) =>
    i === 0 ? { ...entry, label: (s: MultiRunState) => (idle(s) || s.run.done.length === 0 ? '' : 'select') } : entry,
  ),
  {
    keys: ['return'],
    label: 'open run',
    help: 'open the selected run’s trace',
    when: (s) => ended(s) && s.run.done[shownRun(s)] !== undefined,
    does: { type: 'open' },
  },
  {
    keys: ['r'],
    label: (s) => `run ${s.run.runs} again`,
    help: 'run N times again',
    when: (s) => ended(s) && !idle(s),
    does: { type: 'start' },
  },
  {
    keys: ['e'],
    label: 'export',
    help: 'export the picture: every run on the billing canvas',
    when: (s) => ended(s) && s.run.done.length > 0,
    does: { type: 'export' },
  },
  // The screen's own Esc, before the shared one, so the bar can say that leaving stops the runs.
  {
    keys: ['escape', 'backspace'],
    show: 'Esc',
    label: (s) => (running(s) ? 'stop & back' : 'back'),
    help: 'back; a run still going is stopped, its container removed',
    does: { type: 'back' },
  },
];

/** One table in every state, each key's `when` saying where it works; no text field. */
export const multiRunKeys: KeyTables<MultiRunState, MultiRunIntent> = { table: () => MULTI_KEYS };
