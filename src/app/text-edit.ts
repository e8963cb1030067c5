import type { Key } from 'ink';
import { isBackKey } from './key-bindings.js';
import { screenError, type ScreenError } from './screen-error.js';

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
  // Pasted text arrives as one input; a newline at its end is the copy's, and newlines inside would end nothing, so they become spaces.
  return { value: value + input.replace(/[\r\n]+$/, '').replace(/[\r\n]+/g, ' ') };
}

/** What a field takes: the characters it can hold, and whether a finished value is valid. */
export interface FieldRule {
  /** Matches each character the field can ever hold. */
  chars: RegExp;
  /** What the field takes, for the reason a key or a value is refused: "a whole number of runs, such as 10". */
  takes: string;
  /** Throws a UserError that says what is wrong with a finished value. */
  check?: (value: string) => void;
}

/**
 * editText for a field with a rule: a key that puts a character the field
 * cannot hold is refused, and so is Enter on a value that is not valid; the
 * edit goes on, with the reason.
 */
export function editField(value: string, input: string, key: Key, rule: FieldRule | undefined): TextEdit & { refused?: ScreenError } {
  const edit = editText(value, input, key);
  if (!rule) return edit;
  if (edit.done === 'commit' && rule.check) {
    try {
      rule.check(edit.value);
    } catch (error) {
      return { value, refused: screenError(error) };
    }
  }
  if (edit.done || edit.value.length <= value.length) return edit;
  const bad = [...edit.value.slice(value.length)].find((ch) => !rule.chars.test(ch));
  if (bad === undefined) return edit;
  return { value, refused: { message: `${JSON.stringify(bad)} cannot go into this field`, hint: `It takes ${rule.takes}`, bug: false } };
}
