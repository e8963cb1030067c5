import { terminalSafe } from '../core/terminal-text.js';

/** The first of a line's forms, longest first, that fits the width; the last one, cut, when none does. */
export function firstThatFits(forms: readonly string[], width: number): string {
  return forms.map(terminalSafe).find((form) => [...form].length <= width) ?? fit(forms.at(-1) ?? '', width);
}

/** Cuts a line to the screen's width, marking the cut. */
export function fit(given: string, width: number): string {
  if (width <= 0) return '';
  // Lines quote titles, file and image names: shown, never obeyed, and measured as shown.
  const text = terminalSafe(given);
  return text.length <= width ? text : `${text.slice(0, Math.max(0, width - 1))}…`;
}

/**
 * A header of a title and the job's state: the state is what the user
 * watches, so when the line is too long the title gives way, never the state.
 */
export function titleWithState(title: string, state: string, width: number): string {
  const tail = `  ·  ${state}`;
  if (tail.length >= width) return fit(state, width);
  return `${fit(title, width - tail.length)}${tail}`;
}

/** Keeps the end of a path, which names the file, when it is too long. */
export function fitStart(given: string, width: number): string {
  if (width <= 0) return '';
  const text = terminalSafe(given);
  return text.length <= width ? text : `…${text.slice(text.length - width + 1)}`;
}
