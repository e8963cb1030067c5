import { MAX_REQUESTS } from '../core/cost/price-run.js';
import { parseNumber, type NumberRange } from '../core/number-input.js';

/**
 * A number from a flag, within its range; the error names the flag and the text it got, and the hint gives the
 * range's example. Every numeric flag comes through here, so none takes NaN, Infinity, 0x10 or a denormal.
 */
export function numberFlag(text: string, flag: string, range: NumberRange): number {
  return parseNumber(text, flag, range);
}

/** How many requests to price, the same for every command that prices. */
export function requestsFlag(text: string): number {
  return numberFlag(text, '--requests', { kind: 'positive integer', max: MAX_REQUESTS, example: '1000000' });
}
