import { UserError } from '../core/errors.js';

export type NumberKind = 'positive' | 'non-negative' | 'positive integer' | 'non-negative integer';

/**
 * A number from a flag; the error names the flag and the text it got, and the hint gives
 * `example`, a value that makes sense for this flag (by default 1, or 0 for non-negative kinds).
 */
export function numberFlag(text: string, flag: string, kind: NumberKind, example?: string): number {
  const value = Number(text);
  const integer = kind.endsWith('integer');
  const ok =
    text.trim() !== '' &&
    Number.isFinite(value) &&
    (kind.startsWith('non-negative') ? value >= 0 : value > 0) &&
    (!integer || Number.isInteger(value));
  if (!ok) {
    const what = integer ? kind : `${kind} number`;
    throw new UserError(
      `${flag} got ${JSON.stringify(text)}, which is not a ${what}`,
      `Give ${flag} a value such as ${example ?? (kind.startsWith('non-negative') ? '0' : '1')}`,
    );
  }
  return value;
}
