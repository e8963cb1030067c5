import type { Key } from 'ink';
import { MORE, type KeyHint } from './present/key-bar.js';

/** Keys that are not one printable character. `backspace` is Backspace or Delete: most terminals send Backspace as DEL. */
type NamedKey =
  | 'up'
  | 'down'
  | 'left'
  | 'right'
  | 'return'
  | 'escape'
  | 'tab'
  | 'shift-tab'
  | 'backspace'
  | 'pageup'
  | 'pagedown'
  | 'home'
  | 'end'
  | 'space'
  | 'ctrl-c'
  | 'ctrl-d'
  | 'ctrl-u'
  | 'digit';

// Spelled out as a type so that a misspelt named key ('enter') fails to compile instead of never matching.
type Chars<S extends string, Acc extends string = never> = S extends `${infer C}${infer Rest}` ? Chars<Rest, Acc | C> : Acc;
type CharKey = Chars<'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~'>;
export type KeyName = NamedKey | CharKey;

/** What the status bar and the help read of a binding: its keys and words, and whether it works now. */
export interface BindingInfo {
  keys: readonly KeyName[];
  /** Short, for the status bar; absent, the binding is only in the help. */
  label?: string | undefined;
  /** One line for the help overlay. */
  help: string;
  /** How the status bar prints the keys, when their names are too long (`↑↓/jk`); the help always lists every key. */
  show?: string;
  /** Whether the binding works right now; read at each key and each draw, so it must have no effects. */
  when?: () => boolean;
}

export interface HelpEntry {
  keys: string;
  action: string;
}

const SYMBOLS: Partial<Record<KeyName, string>> = {
  up: '↑',
  down: '↓',
  left: '←',
  right: '→',
  return: 'Enter',
  escape: 'Esc',
  tab: 'Tab',
  'shift-tab': 'Shift-Tab',
  backspace: 'Backspace',
  pageup: 'PgUp',
  pagedown: 'PgDn',
  home: 'Home',
  end: 'End',
  space: 'space',
  'ctrl-c': 'Ctrl-C',
  'ctrl-d': 'Ctrl-D',
  'ctrl-u': 'Ctrl-U',
  digit: '0-9',
};

/** Esc, and Backspace, which most terminals send as DEL (Ink calls that `delete`). */
export function isBackKey(key: Key): boolean {
  return key.escape || key.backspace || key.delete;
}

export function matchesKey(name: KeyName, input: string, key: Key): boolean {
  switch (name) {
    case 'up':
      return key.upArrow;
    case 'down':
      return key.downArrow;
    case 'left':
      return key.leftArrow;
    case 'right':
      return key.rightArrow;
    case 'return':
      return key.return;
    case 'escape':
      return key.escape;
    case 'tab':
      return key.tab && !key.shift;
    case 'shift-tab':
      return key.tab && key.shift;
    case 'backspace':
      return key.backspace || key.delete;
    case 'pageup':
      return key.pageUp;
    case 'pagedown':
      return key.pageDown;
    case 'home':
      return key.home;
    case 'end':
      return key.end;
    case 'space':
      return input === ' ' && !key.ctrl;
    case 'ctrl-c':
      return key.ctrl && input === 'c';
    case 'ctrl-d':
      return key.ctrl && input === 'd';
    case 'ctrl-u':
      return key.ctrl && input === 'u';
    case 'digit':
      return /^[0-9]$/.test(input) && !key.ctrl;
    default:
      // Ctrl-C arrives as a `c` with ctrl set: a letter with ctrl is a different key, not the letter.
      return input === name && !key.ctrl;
  }
}

export function matches(binding: Pick<BindingInfo, 'keys'>, input: string, key: Key): boolean {
  return binding.keys.some((name) => matchesKey(name, input, key));
}

const holds = (binding: BindingInfo) => binding.when?.() ?? true;

/** Every key of a binding, as the help lists them: `↑ ↓ j k`. */
function keysText(binding: BindingInfo): string {
  return binding.keys.map((name) => SYMBOLS[name] ?? name).join(' ');
}

/** Keys that go without saying in the bar (help lists them): moving, paging, the ends of a list, and Ctrl-C beside q. */
const UNSAID: ReadonlySet<KeyName> = new Set<KeyName>([
  'up',
  'down',
  'left',
  'right',
  'j',
  'k',
  'pageup',
  'pagedown',
  'space',
  'home',
  'end',
  'g',
  'G',
  'ctrl-u',
  'ctrl-d',
  'ctrl-c',
]);

/**
 * The status bar's hints, in table order: bindings with a label that hold now.
 * A binding whose every key an earlier one takes now could not run, so it is
 * not offered (a screen's own `Esc stop & back` hides the shared `Esc back`).
 * When a key that works now has no label (beyond moving about), help is
 * offered as `? more`: the bar never leaves a working key unmentioned.
 */
export function barHints(bindings: readonly BindingInfo[]): KeyHint[] {
  const taken = new Set<KeyName>();
  const hints: KeyHint[] = [];
  let unsaid = false;
  for (const binding of bindings) {
    if (!holds(binding)) continue;
    const own = binding.keys.filter((name) => !taken.has(name));
    binding.keys.forEach((name) => taken.add(name));
    if (own.length > 0 && binding.label)
      hints.push({ key: binding.show ?? binding.keys.map((name) => SYMBOLS[name] ?? name).join('/'), label: binding.label });
    else if (own.some((name) => !UNSAID.has(name))) unsaid = true;
  }
  return unsaid ? hints.map((hint) => (hint.key === '?' ? { ...hint, label: MORE } : hint)) : hints;
}

/** One line of help: the keys in a column, the action beside them; keys wider than the column keep two spaces before it. */
export function helpLine(entry: HelpEntry): string {
  return `  ${entry.keys.length < 16 ? entry.keys.padEnd(16) : `${entry.keys}  `}${entry.action}`;
}

/** Every binding for the help, whether it works now or not; bindings that say the same thing (one key in two states) once. */
export function helpEntries(bindings: readonly BindingInfo[]): HelpEntry[] {
  const seen = new Set<string>();
  return bindings
    .filter((binding) => !seen.has(binding.help) && seen.add(binding.help))
    .map((binding) => ({ keys: keysText(binding), action: binding.help }));
}
