import type { KeyPress } from '../../key-split.js';
import { scrollEntries, type KeyTable, type KeyTables, type Scroll } from '../key-table.js';
import { canChoose, type CostState } from './state.js';

/** What a key on the cost screen asks for: a change of state, or an action that saves a setting. */
export type CostIntent =
  | Scroll
  | { type: 'pane' }
  | { type: 'choose' }
  | { type: 'change' }
  | { type: 'cycle'; step: 1 | -1 }
  /** A key for the setting being edited. */
  | { type: 'type'; input: string; key: KeyPress['key'] };

/** The cost screen's keys, most needed first. */
export const COST_KEYS: KeyTable<CostState, CostIntent> = [
  // The arrows have a word in the bar here, as the screen always had: its bar has room for it.
  ...scrollEntries<CostState>({ of: 'the pane', help: 'move in the pane' }).map((entry, i) =>
    i === 0 ? { ...entry, label: 'move' } : entry,
  ),
  {
    keys: ['return'],
    label: 'choose',
    help: 'bill the trace screen on the selected provider',
    when: canChoose,
    does: { type: 'choose' },
  },
  {
    keys: ['return'],
    label: 'change',
    help: 'edit a setting; change provider or free tier',
    when: (s) => s.pane === 'settings',
    does: { type: 'change' },
  },
  {
    keys: ['tab', 'shift-tab'],
    show: 'Tab',
    label: 'pane',
    help: 'providers ↔ settings',
    when: (s) => s.snapshot !== undefined,
    does: { type: 'pane' },
  },
  {
    keys: ['left', 'right'],
    help: 'change provider or free tier',
    when: (s) => s.pane === 'settings',
    does: ({ key }) => ({ type: 'cycle', step: key.leftArrow ? -1 : 1 }),
  },
];

const type = ({ input, key }: KeyPress): CostIntent => ({ type: 'type', input, key });

/** While a setting is being typed: Enter saves the text, Esc drops it, every other key is typed. */
const FIELD_KEYS: KeyTable<CostState, CostIntent> = [
  { keys: ['return'], label: 'save', help: 'save the text', does: type },
  { keys: ['escape'], label: 'cancel', help: 'cancel the edit', does: type },
];

export const costKeys: KeyTables<CostState, CostIntent> = {
  table: (s) => (s.editing ? FIELD_KEYS : COST_KEYS),
  typing: (s) => (s.editing ? type : undefined),
};
