import { terminalSafe } from './terminal-text.js';

/**
 * The width every text output is laid out for: COLUMNS when set (a terminal
 * or a script says so), else the terminal's own width, else 80.
 */
export function outputWidth(env: NodeJS.ProcessEnv = process.env, terminalColumns?: number): number {
  const columns = Number(env.COLUMNS);
  if (Number.isInteger(columns) && columns > 0) return columns;
  return terminalColumns && terminalColumns > 0 ? terminalColumns : 80;
}

/**
 * Breaks text into lines of at most `width` characters at spaces; a word longer
 * than a line (a path, say) is cut across lines rather than overflowing.
 * Lines after the first start with `indent`.
 */
export function wrapWords(text: string, width: number, indent = ''): string[] {
  const lines: string[] = [];
  let line = '';
  const room = () => width - (lines.length === 0 ? 0 : indent.length);
  for (const word of safeWords(text)) {
    const candidate = line ? `${line} ${word}` : word;
    if ([...candidate].length <= room()) {
      line = candidate;
      continue;
    }
    if (line) lines.push(line);
    let rest = word;
    while ([...rest].length > room()) {
      const cut = [...rest].slice(0, room()).join('');
      lines.push(cut);
      rest = rest.slice(cut.length);
    }
    line = rest;
  }
  if (line || lines.length === 0) lines.push(line);
  return lines.map((l, i) => (i === 0 ? l : `${indent}${l}`));
}

/**
 * `prefix` then `text` wrapped beside it, continuation lines aligned under the
 * text (a hanging indent); a word only the whole width holds starts at column 0.
 * Where the prefix leaves under 20 columns, the text goes under it instead.
 */
export function hangingWrap(prefix: string, text: string, width: number): string[] {
  const pad = ' '.repeat([...prefix].length);
  const room = width - pad.length;
  if (room < 20)
    return [
      prefix.trimEnd(),
      ...(text.trim() === '' ? [] : wrapWords(text, Math.max(1, width - 4), '    ').map((l, i) => (i === 0 ? `    ${l}` : l))),
    ];
  const lines: string[] = [];
  let words: string[] = [];
  const flush = () => {
    if (words.length === 0) return;
    for (const line of wrapWords(words.join(' '), room)) lines.push(`${lines.length === 0 ? prefix : pad}${line}`);
    words = [];
  };
  for (const word of safeWords(text)) {
    const length = [...word].length;
    // A path or URL too long for the column but not for the line gets a line of its own, so it is copied whole.
    if (length > room && length <= width) {
      flush();
      if (lines.length === 0) lines.push(prefix.trimEnd());
      lines.push(word);
    } else words.push(word);
  }
  flush();
  return lines.length > 0 ? lines : [prefix];
}

/**
 * The words of a text laid out for the terminal. Text laid out here quotes the user's (file names, titles, image
 * names, a function's last line), so each word is made terminal-safe: a control character has no width to lay out,
 * and it must not reach the terminal as a sequence.
 */
function safeWords(text: string): string[] {
  return text.split(/\s+/).filter(Boolean).map(terminalSafe);
}

/** Wraps a line that may be indented: continuation lines keep its indent. */
export function wrapLine(line: string, width: number): string[] {
  const indent = /^ */.exec(line)![0];
  return line.trim() === '' ? [''] : hangingWrap(indent, line.slice(indent.length), width);
}
