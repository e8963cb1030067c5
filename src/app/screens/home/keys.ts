import type { KeyPress } from '../../key-split.js';
import type { BindingInfo } from '../../key-bindings.js';
import { scrollEntries, tableAt, type KeyTable, type KeyTables } from '../key-table.js';
import { sharedAt } from '../shell/keys.js';
import type { HomeAction } from './reduce.js';
import { traceAt, type HomePane, type HomeState } from './state.js';

/** What a key on home asks for: a change of state, or an action that reaches out (run, open, delete). */
export type HomeIntent =
  | HomeAction
  | { type: 'enter' }
  | { type: 'run'; as: 'trace' | 'multi' | 'tune' }
  | { type: 'hull' }
  | { type: 'cost' }
  | { type: 'retry' }
  | { type: 'delete' }
  | { type: 'confirm-delete' };

/** What Enter does in each pane, for the status bar. */
const ENTER: Record<HomePane, string> = { images: 'trace', inputs: 'use input', options: 'edit', traces: 'open' };

/** Home's keys, most needed first: a bar too narrow even when tightened drops the hints at the end. Arrows go without saying. */
export const HOME_KEYS: KeyTable<HomeState, HomeIntent> = [
  {
    keys: ['r'],
    label: 'retry engine',
    help: 'retry the engine connection',
    when: (s) => s.engine.status === 'unreachable',
    does: { type: 'retry' },
  },
  {
    keys: ['return'],
    label: (s) => ENTER[s.pane],
    help: 'in each pane: trace, use the input, edit, open the trace',
    does: { type: 'enter' },
  },
  {
    keys: ['d'],
    label: 'delete',
    help: 'delete the selected trace and its files, asking first',
    when: (s) => s.pane === 'traces' && !s.traces.loading && traceAt(s) !== undefined,
    does: { type: 'delete' },
  },
  {
    keys: ['tab', 'shift-tab'],
    show: 'Tab',
    label: 'pane',
    help: 'images → input images → options → recorded traces',
    does: ({ key }) => ({ type: 'pane', step: key.shift ? -1 : 1 }),
  },
  { keys: ['m'], label: 'multi', help: 'run the selected image N times (multi-run)', does: { type: 'run', as: 'multi' } },
  { keys: ['p'], label: 'tune', help: 'power tuning: the selected image at several sizes', does: { type: 'run', as: 'tune' } },
  { keys: ['h'], label: 'hull', help: 'train a memory hull over the sample images', does: { type: 'hull' } },
  { keys: ['c'], label: 'cost', help: 'cost settings', does: { type: 'cost' } },
  { keys: ['/'], label: 'filter', help: 'filter the images (Enter keeps it, Esc clears it)', does: { type: 'filter' } },
  { keys: ['escape'], label: 'clear', help: 'clear the filter', when: (s) => s.filter !== '', does: { type: 'clear-filter' } },
  { keys: ['s'], label: 'sort', help: 'sort images: name, size, newest', does: { type: 'sort' } },
  ...scrollEntries<HomeState>({ of: 'the pane', help: 'move in the pane' }),
];

/** While a deletion asks, y or n answer it; q and ? work as everywhere. */
const DELETE_KEYS: KeyTable<HomeState, HomeIntent> = [
  { keys: ['y'], label: 'delete', help: 'delete the files named', does: { type: 'confirm-delete' } },
  { keys: ['n', 'escape', 'return'], show: 'n/Esc', label: 'keep', help: 'keep them', does: { type: 'asking', plan: undefined } },
];

const type = ({ input, key }: KeyPress): HomeIntent => ({ type: 'type', input, key });

/** While the filter or an option is being typed: Enter keeps the text, Esc drops it, every other key is typed. */
const FIELD_KEYS: KeyTable<HomeState, HomeIntent> = [
  { keys: ['return'], label: 'keep', help: 'keep the text', does: type },
  { keys: ['escape'], label: 'cancel', help: 'cancel the edit', does: type },
];

const typing = (s: HomeState) => s.filtering || s.editing !== undefined;

export const homeKeys: KeyTables<HomeState, HomeIntent> = {
  table: (s) => (s.asking ? DELETE_KEYS : typing(s) ? FIELD_KEYS : HOME_KEYS),
  typing: (s) => (!s.asking && typing(s) ? type : undefined),
};

/** Home's keys now, and the shared ones that hold beside them (only Ctrl-C while a field has the keyboard): the bar and the help. */
export function homeKeyInfo(state: HomeState, canGoBack: boolean): { own: BindingInfo[]; shared: BindingInfo[] } {
  const typing = homeKeys.typing?.(state) !== undefined;
  return { own: tableAt(homeKeys.table(state), state), shared: sharedAt({ canGoBack, typing }) };
}
