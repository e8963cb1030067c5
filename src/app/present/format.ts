import { terminalSafe } from '../../core/terminal-text.js';
import { MIB } from '../../core/units.js';
import { NO_LIMIT_BYTES } from '../../infra/no-limit.js';

/** MiB (2^20 bytes) with one decimal, as the screens print memory; GiB from 10 GiB up, where MiB digits stop meaning much. */
export function mb(bytes: number): string {
  const value = bytes / MIB;
  return value >= 10_240 ? `${(value / 1024).toFixed(1)} GiB` : `${value.toFixed(1)} MiB`;
}

/** Seconds with a precision that suits the span: 0.35 s, 12.4 s, 312 s. */
export function seconds(ms: number): string {
  const s = ms / 1000;
  return `${s < 10 ? s.toFixed(2) : s < 100 ? s.toFixed(1) : s.toFixed(0)} s`;
}

export function count(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

/** A limit equal to the host's memory means the container had none: said as a live run without one says it. */
export function limitText(limitBytes: number): string {
  return !Number.isFinite(limitBytes) || limitBytes <= 0 || limitBytes >= NO_LIMIT_BYTES ? 'none' : mb(limitBytes);
}

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
