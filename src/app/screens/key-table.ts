import { matches, matchesKey, type BindingInfo, type KeyName } from '../key-bindings.js';
import type { KeyPress } from '../key-split.js';
import { moveSelection } from '../present/list-window.js';

/**
 * One key of a screen, as data: which keys, what they mean, the words for the
 * status bar and the help, and when it applies. The same entry drives the key
 * handler, the bar and the help, and the README's table is made from it.
 */
export interface KeyEntry<S, I> {
  keys: readonly KeyName[];
  /** Short, for the status bar; absent, the entry is only in the help. */
  label?: string | ((state: S) => string);
  /** One line for the help overlay and the README. */
  help: string;
  /** How the status bar prints the keys when their names are too long (`↑↓/jk`). */
  show?: string;
  /** Whether the entry works in this state; pure. */
  when?: (state: S) => boolean;
  /** What the key asks of the screen: an intent its `run` carries out. */
  does: I | ((press: KeyPress, state: S) => I);
}

export type KeyTable<S, I> = readonly KeyEntry<S, I>[];

/** A screen's keys: its tables, picked by a pure function of its state, and the text field that takes the rest. */
export interface KeyTables<S, I> {
  table: (state: S) => KeyTable<S, I>;
  /** While a field has focus every key goes to it (Ctrl-C still quits): what a key no entry takes means. */
  typing?: (state: S) => ((press: KeyPress) => I) | undefined;
}

/** What the shell needs of a screen's model to hand it keys: its state, its keys, and how it carries out an intent. */
export interface KeyedScreen<S, I> {
  getState(): S;
  keys: KeyTables<S, I>;
  run(intent: I): void;
  /** Before every key but quit and help: what the last key left on screen (a notice) is forgotten. */
  beforeKey(): void;
}

/** The table as the status bar and the help read it in this state. */
export function tableAt<S, I>(table: KeyTable<S, I>, state: S): BindingInfo[] {
  return table.map((entry) => ({
    keys: entry.keys,
    label: typeof entry.label === 'function' ? entry.label(state) : entry.label,
    help: entry.help,
    ...(entry.show ? { show: entry.show } : {}),
    ...(entry.when ? { when: () => entry.when!(state) } : {}),
  }));
}

/** Every entry for the help and the README, whatever the state: the words only. */
export function tableWords<S, I>(table: KeyTable<S, I>): BindingInfo[] {
  return table.map((entry) => ({ keys: entry.keys, label: typeof entry.label === 'string' ? entry.label : undefined, help: entry.help }));
}

/** The intent of the first entry that takes the key in this state. */
export function intentOf<S, I>(table: KeyTable<S, I>, state: S, press: KeyPress): I | undefined {
  const entry = table.find((e) => matches(e, press.input, press.key) && (e.when?.(state) ?? true));
  if (!entry) return undefined;
  return typeof entry.does === 'function' ? (entry.does as (press: KeyPress, state: S) => I)(press, state) : entry.does;
}

/**
 * Hands one key to a screen: an entry of its table first, then its focused field. False when neither took it,
 * so the shell's keys (back, help, quit) may.
 */
export function keyToScreen<S, I>(screen: KeyedScreen<S, I>, press: KeyPress): boolean {
  const state = screen.getState();
  // Ctrl-C is never typed: it quits, even from a field.
  const typed = matchesKey('ctrl-c', press.input, press.key) ? undefined : screen.keys.typing?.(state)?.(press);
  const intent = intentOf(screen.keys.table(state), state, press) ?? typed;
  if (intent === undefined) return false;
  screen.beforeKey();
  screen.run(intent);
  return true;
}

/** Moving in a list: a row, a page, half a page, or to either end. */
export type Scroll = { type: 'scroll'; by: 'row' | 'page' | 'half'; sign: 1 | -1 } | { type: 'scroll'; to: 'start' | 'end' };

/** The keys every list and report takes: a row, a page, half a page, and its two ends. */
export function scrollEntries<S>(options: {
  of: string;
  help: string;
  show?: string;
  when?: (state: S) => boolean;
}): KeyEntry<S, Scroll>[] {
  const when = options.when ? { when: options.when } : {};
  return [
    {
      keys: ['up', 'down', 'j', 'k', 'pageup', 'pagedown', 'ctrl-u', 'ctrl-d'],
      show: options.show ?? '↑↓/jk',
      help: options.help,
      ...when,
      does: ({ input, key }) => {
        const sign = key.upArrow || key.pageUp || input === 'k' || (key.ctrl && input === 'u') ? -1 : 1;
        return { type: 'scroll', by: key.pageUp || key.pageDown ? 'page' : key.ctrl ? 'half' : 'row', sign };
      },
    },
    {
      keys: ['home', 'g', 'end', 'G'],
      help: `to the top or the end of ${options.of}`,
      ...when,
      does: ({ input, key }) => ({ type: 'scroll', to: key.home || input === 'g' ? 'start' : 'end' }),
    },
  ];
}

/** Where a scroll leaves the cursor of a list of `total` rows, `page` of them on screen. */
export function scrolled(selected: number, scroll: Scroll, page: number, total: number): number {
  if ('to' in scroll) return scroll.to === 'start' ? 0 : Math.max(0, total - 1);
  const rows = scroll.by === 'row' ? 1 : scroll.by === 'page' ? page : Math.max(1, Math.floor(page / 2));
  return moveSelection(selected, scroll.sign * rows, total);
}
