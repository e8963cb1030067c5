import type { KeyPress } from '../../key-split.js';
import type { BindingInfo } from '../../key-bindings.js';
import { scrollEntries, tableAt, type KeyTable, type KeyTables } from '../key-table.js';
import { sharedAt } from '../shell/keys.js';
import type { TuneAction } from './reduce.js';
import { tuneAsking, tuneBusy, chosenTuneSize, onTuneForm, onTuneReport, type TuneState } from './state.js';

/** What a key on the Tune screen asks for: a change of state, or an action that reaches the session, the disk or the shell. */
export type TuneIntent =
  TuneAction | { type: 'answer' } | { type: 'stop' } | { type: 'start' } | { type: 'open-size' } | { type: 'export' } | { type: 'back' };

const idle = (s: TuneState) => !tuneBusy(s);
const step = ({ key }: KeyPress): 1 | -1 => (key.leftArrow ? -1 : 1);
const [scrollRows, scrollEnds] = scrollEntries<TuneState>({
  of: 'the report',
  help: 'scroll the report',
  when: (s) => s.snapshot.outcome !== undefined,
});

/** The Tune screen's keys, most needed first: a bar too narrow even when tightened drops the hints at the end (help has them all). */
export const TUNE_KEYS: KeyTable<TuneState, TuneIntent> = [
  {
    keys: ['y', 'return'],
    show: 'y',
    label: 'go on',
    help: 'go on with a long tuning, when asked',
    when: tuneAsking,
    does: { type: 'answer' },
  },
  // When a long series asks whether to go on, x is the no: it stops there, keeping the first run.
  { keys: ['x'], label: 'stop', help: 'stop tuning (the finished sizes are kept)', when: tuneBusy, does: { type: 'stop' } },
  {
    keys: ['t'],
    label: (s) => (s.snapshot.outcome ? 'tune again' : 'tune'),
    help: 'run every size Runs times, CPU as the provider gives it',
    when: idle,
    does: { type: 'start' },
  },
  {
    keys: ['return', 'space'],
    show: 'Enter',
    label: 'change',
    help: 'change the provider, or edit the sizes or the runs',
    when: (s) => idle(s) && onTuneForm(s),
    does: { type: 'change' },
  },
  {
    keys: ['left', 'right'],
    show: '←→',
    label: 'move',
    help: 'move between the provider, the sizes and the runs',
    when: (s) => idle(s) && onTuneForm(s),
    does: (press) => ({ type: 'cursor', step: step(press) }),
  },
  {
    keys: ['return'],
    label: 'open size',
    help: "open the chosen size's runs and their traces",
    when: (s) => idle(s) && onTuneReport(s) && chosenTuneSize(s) !== undefined,
    does: { type: 'open-size' },
  },
  {
    keys: ['left', 'right'],
    show: '←→',
    label: 'size',
    help: 'choose a size to open',
    when: (s) => idle(s) && onTuneReport(s),
    does: (press) => ({ type: 'size', step: step(press) }),
  },
  {
    keys: ['e'],
    label: 'export',
    help: 'export the chart of duration and cost (SVG and PNG)',
    when: (s) => idle(s) && Boolean(s.snapshot.outcome?.sizes.some((size) => size.fits)),
    does: { type: 'export' },
  },
  {
    keys: ['tab', 'shift-tab'],
    show: 'Tab',
    label: (s) => (s.focus === 'form' ? 'report' : 'form'),
    help: 'the form ↔ the report',
    when: (s) => idle(s) && s.snapshot.outcome !== undefined,
    does: { type: 'focus' },
  },
  { ...scrollRows!, label: 'scroll' },
  scrollEnds!,
  // The shell's Esc goes back too; this one says that leaving stops the tuning.
  {
    keys: ['escape', 'backspace'],
    show: 'Esc',
    label: (s) => (tuneBusy(s) ? 'stop & back' : 'back'),
    help: 'back; a run still going is stopped, its container removed',
    does: { type: 'back' },
  },
];

const type = ({ input, key }: KeyPress): TuneIntent => ({ type: 'type', input, key });

/** While the sizes or the runs are being typed: Enter keeps the text, Esc drops it, every other key is typed. */
const FIELD_KEYS: KeyTable<TuneState, TuneIntent> = [
  { keys: ['return'], label: 'keep', help: 'keep the text', does: type },
  { keys: ['escape'], label: 'cancel', help: 'cancel the edit', does: type },
];

export const tuneKeys: KeyTables<TuneState, TuneIntent> = {
  table: (s) => (s.editing ? FIELD_KEYS : TUNE_KEYS),
  typing: (s) => (s.editing ? type : undefined),
};

/** The keys now and the shared ones beside them, as the status bar and the help read them. */
export function tuneKeyInfo(state: TuneState, canGoBack: boolean): { own: BindingInfo[]; shared: BindingInfo[] } {
  const typing = tuneKeys.typing?.(state) !== undefined;
  return { own: tableAt(tuneKeys.table(state), state), shared: sharedAt({ canGoBack, typing }) };
}
