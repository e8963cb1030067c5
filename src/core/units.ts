import { UserError } from './errors.js';

export const MIB = 1024 * 1024;

/** 1 PiB: more memory than any machine holds, so more is a typo; the engine itself takes up to an int64 of bytes. */
export const MAX_MEMORY_BYTES = 2 ** 50;

const UNIT_POWERS: Record<string, number> = { '': 0, b: 0, k: 1, m: 2, g: 3, t: 4 };

/**
 * Parses a memory size the way `docker run --memory` does: a number with an
 * optional b, k, m, g or t suffix (kb, mib and friends too), binary multiples.
 */
export function parseMemorySize(text: string, option = '--memory'): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([bkmgt]?)(?:i?b)?\s*$/i.exec(text);
  const power = m ? UNIT_POWERS[(m[2] ?? '').toLowerCase()] : undefined;
  if (!m || power === undefined) {
    throw new UserError(
      `${option} got ${JSON.stringify(text)}, which is not a memory size`,
      'Use a number with an optional unit, such as 256m, 1g or 536870912',
    );
  }
  const bytes = Math.round(Number(m[1]) * 1024 ** power);
  if (bytes > MAX_MEMORY_BYTES) {
    throw new UserError(`${option} got ${JSON.stringify(text)}, which is more than 1 PiB`, 'Use a size such as 256m or 1g');
  }
  return bytes;
}

/** Bytes in MiB (2^20 bytes), labelled so. */
export function formatMb(bytes: number, digits = 1): string {
  return `${(bytes / MIB).toFixed(digits)} MiB`;
}

/** A number for people: thousands separated, a fixed number of decimals, never "-0". */
/** A duration in ms: whole, as the one clock gives every run, or to the µs where an engine's timestamps were used. */
export function millis(n: number): string {
  // To the µs first: a difference of whole ms can carry float noise (85.00000000000001).
  return grouped(n, Number.isInteger(Math.round(n * 1000) / 1000) ? 0 : 3);
}

export function grouped(n: number, digits = 0): string {
  const text = n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
  return /^-0(\.0*)?$/.test(text) ? text.slice(1) : text;
}
