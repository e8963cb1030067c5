import type { Key } from 'ink';

/** No key flag set: what a plain character is. */
export const NO_KEY: Key = {
  upArrow: false,
  downArrow: false,
  leftArrow: false,
  rightArrow: false,
  pageDown: false,
  pageUp: false,
  home: false,
  end: false,
  return: false,
  escape: false,
  ctrl: false,
  shift: false,
  tab: false,
  backspace: false,
  delete: false,
  meta: false,
  super: false,
  hyper: false,
  capsLock: false,
  numLock: false,
};

export interface KeyPress {
  input: string;
  key: Key;
}

/**
 * Ink hands over a burst of plain characters ("jj\r", typed fast, sent by
 * tmux or pasted) as one input. Each character is a key of its own here,
 * so j j Enter moves twice and then opens.
 */
export function splitKeys(input: string, key: Key): KeyPress[] {
  if (input.length <= 1 || key.ctrl || key.meta) return [{ input, key }];
  return [...input].map((ch) => {
    const isReturn = ch === '\r' || ch === '\n';
    const named = isReturn || ch === '\t' || ch === '\x7f' || ch === '\b';
    const code = ch.charCodeAt(0);
    // Ctrl-A … Ctrl-Z arrive as codes 1–26; Ink reports them as the letter with ctrl set.
    if (!named && code >= 1 && code <= 26) return { input: String.fromCharCode(code + 96), key: { ...NO_KEY, ctrl: true } };
    return {
      input: named ? '' : ch,
      key: { ...NO_KEY, return: isReturn, tab: ch === '\t', delete: ch === '\x7f', backspace: ch === '\b', shift: /[A-Z]/.test(ch) },
    };
  });
}
