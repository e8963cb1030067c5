import type { Key } from 'ink';
import { isBackKey } from './key-bindings.js';

export interface TextEdit {
  value: string;
  /** Set when the edit ends: Enter keeps the value, Esc drops it. */
  done?: 'commit' | 'cancel';
}

/**
 * One key applied to a one-line text field. The cursor stays at the end, which
 * is all a filter or a short option needs. Backspace deletes, Ctrl-U clears.
 */
export function editText(value: string, input: string, key: Key): TextEdit {
  if (key.return) return { value, done: 'commit' };
  if (key.escape) return { value, done: 'cancel' };
  if (isBackKey(key)) return { value: value.slice(0, -1) };
  if (key.ctrl && input === 'u') return { value: '' };
  if (key.ctrl || key.meta || key.tab || key.upArrow || key.downArrow || key.leftArrow || key.rightArrow) return { value };
  // Pasted text arrives as one input; newlines in it would end nothing, so they become spaces.
  return { value: value + input.replace(/[\r\n]+/g, ' ') };
}
