import type { Key } from 'ink';
import type { BindingInfo } from '../../key-bindings.js';
import type { confirmKey } from '../../run-offer.js';
import { tableAt, type KeyTable } from '../key-table.js';

export type ShellIntent = { type: 'back' } | { type: 'help'; open: boolean } | { type: 'quit' };

/** What the shell's keys see: whether there is a screen to go back to, and whether a field has the keyboard. */
export interface ShellKeyState {
  canGoBack: boolean;
  typing: boolean;
}

/**
 * The keys that mean the same on every screen, tried after the screen's own so that a screen may give Esc a
 * meaning first (clearing a filter). Ctrl-C quits like q, so a run is stopped and its container removed
 * instead of Ink tearing the app down mid-run; while a field has the keyboard, Ctrl-C is the only one.
 */
export const SHELL_KEYS: KeyTable<ShellKeyState, ShellIntent> = [
  { keys: ['?'], label: 'help', help: 'this help', when: (s) => !s.typing, does: { type: 'help', open: true } },
  { keys: ['q'], label: 'quit', help: 'quit (a run is stopped and its container removed)', when: (s) => !s.typing, does: { type: 'quit' } },
  {
    keys: ['ctrl-c'],
    label: (s) => (s.typing ? 'quit' : ''),
    help: 'quit, even while typing in a field',
    does: { type: 'quit' },
  },
  {
    keys: ['escape', 'backspace'],
    show: 'Esc',
    label: 'back',
    help: 'back to the screen before',
    when: (s) => s.canGoBack && !s.typing,
    does: { type: 'back' },
  },
];

/** While help is up: ? or Esc closes it, q and Ctrl-C quit. */
export const HELP_KEYS: KeyTable<null, ShellIntent> = [
  { keys: ['?', 'escape', 'backspace'], help: 'close this help', does: { type: 'help', open: false } },
  { keys: ['q', 'ctrl-c'], help: 'quit', does: { type: 'quit' } },
];

/** The shared keys as the status bar reads them: only those that hold now are offered. */
export function sharedAt(state: ShellKeyState): BindingInfo[] {
  return tableAt(SHELL_KEYS, state)
    .filter((b) => b.when?.() ?? true)
    .map((b) => (b.label ? b : { ...b, label: undefined }));
}

/** A key on the confirmation before a recorded run, in the words `confirmKey` takes. */
export function confirmKeyOf(input: string, key: Key): Parameters<typeof confirmKey>[1] {
  if (key.return) return 'enter';
  if (key.escape) return 'escape';
  if (key.leftArrow || key.rightArrow || key.tab) return 'toggle';
  if (input === 'y' || input === 'Y') return 'yes';
  if (input === 'n' || input === 'N') return 'no';
  return 'other';
}
