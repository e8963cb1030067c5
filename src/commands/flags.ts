import { UserError } from '../core/errors.js';

/** A number from a flag; the error names the flag and the text it got. */
export function numberFlag(text: string, flag: string, kind: 'positive' | 'non-negative' | 'positive integer'): number {
  const value = Number(text);
  const ok =
    text.trim() !== '' &&
    Number.isFinite(value) &&
    (kind === 'non-negative' ? value >= 0 : value > 0) &&
    (kind !== 'positive integer' || Number.isInteger(value));
  if (!ok) throw new UserError(`${flag} got ${JSON.stringify(text)}, which is not a ${kind === 'positive integer' ? kind : `${kind} number`}`, `Give ${flag} a value such as ${kind === 'positive integer' ? '1000000' : '2002'}`);
  return value;
}
