import { MAX_REQUESTS } from '../core/cost/pricing.js';
import { UserError } from '../core/errors.js';

export type NumberKind = 'positive' | 'non-negative' | 'positive integer' | 'non-negative integer';

/** Decimal notation only: `Number` would also take 0x10, 0b1 and 0o7, which nobody means as a size or a count. */
const DECIMAL = /^\s*[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?\s*$/i;

/**
 * A number from a flag; the error names the flag and the text it got, and the hint gives
 * `example`, a value that makes sense for this flag (by default 1, or 0 for non-negative kinds).
 * Above `max` is an error too.
 */
export function numberFlag(text: string, flag: string, kind: NumberKind, example?: string, max?: number): number {
  const value = Number(text);
  const integer = kind.endsWith('integer');
  const hint = `Give ${flag} a value such as ${example ?? (kind.startsWith('non-negative') ? '0' : '1')}`;
  const ok =
    DECIMAL.test(text) &&
    Number.isFinite(value) &&
    (kind.startsWith('non-negative') ? value >= 0 : value > 0) &&
    (!integer || Number.isInteger(value));
  if (!ok) {
    const what = integer ? kind : `${kind} number`;
    throw new UserError(`${flag} got ${JSON.stringify(text)}, which is not a ${what}`, hint);
  }
  if (max !== undefined && value > max) {
    throw new UserError(`${flag} got ${JSON.stringify(text)}, which is more than ${max.toLocaleString('en-US')}`, hint);
  }
  return value;
}

/** How many requests to price, the same for every command that prices. */
export function requestsFlag(text: string): number {
  return numberFlag(text, '--requests', 'positive integer', '1000000', MAX_REQUESTS);
}
