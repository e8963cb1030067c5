import { UserError } from './errors.js';

type NumberKind = 'positive' | 'non-negative' | 'positive integer' | 'non-negative integer';

/**
 * What a number typed by a user may be. Every range has an end: a count of runs has no use for 10^11, and a
 * fraction as small as 1e-320 rounds to 0 further on (an unlimited CPU, a NaN hull step). A positive
 * fraction therefore always names its least sensible value.
 */
export type NumberRange = {
  max: number;
  /** A value that makes sense here, for the hint. */
  example: string;
  /** Said after "more than …" or "less than …", when the range needs a reason. */
  why?: string;
} & ({ kind: 'positive'; min: number } | { kind: Exclude<NumberKind, 'positive'>; min?: number });

/** Decimal notation only: `Number` would also take 0x10, 0b1 and 0o7, which nobody means as a size or a count. */
const DECIMAL = /^\s*[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?\s*$/i;

/**
 * A number from what the user typed, or a UserError that names where it was typed (a flag or a field), what it
 * got and a value that makes sense. The CLI's flags and the TUI's fields share these checks.
 */
export function parseNumber(text: string, name: string, range: NumberRange): number {
  const value = Number(text);
  const { kind, min, max } = range;
  const integer = kind.endsWith('integer');
  const ok =
    DECIMAL.test(text) &&
    Number.isFinite(value) &&
    (kind.startsWith('non-negative') ? value >= 0 : value > 0) &&
    (!integer || Number.isInteger(value));
  const refuse = (which: string) =>
    new UserError(
      `${name} got ${JSON.stringify(text)}, which ${which}${ok && range.why ? `: ${range.why}` : ''}`,
      `Give ${name} a value such as ${range.example}`,
    );
  if (!ok) throw refuse(`is not a ${integer ? kind : `${kind} number`}`);
  if (min !== undefined && (value < min || value > max)) throw refuse(`is not a number from ${figure(min)} to ${figure(max)}`);
  if (value > max) throw refuse(`is more than ${figure(max)}`);
  return value;
}

const figure = (n: number) => n.toLocaleString('en-US', { maximumFractionDigits: 20 });

/** More runs than anyone waits for; the TUI's forms take no more either. */
const MAX_RUNS = 10_000;

/** The ranges the CLI's flags and the TUI's fields have in common. */
export const RANGES = {
  runs: { kind: 'positive integer', max: MAX_RUNS, example: '10' },
  /** Trace files time their rows to the ms, and a step longer than an hour leaves a hull of one bucket. */
  hullStep: { kind: 'positive', min: 0.001, max: 3600, example: '0.1' },
  lookahead: { kind: 'non-negative integer', max: 10_000, example: '2' },
  bufferPct: { kind: 'non-negative', max: 1000, example: '10' },
  /** The generator keeps 32 bits of a seed: a larger one would silently repeat a smaller one's order. */
  seed: { kind: 'non-negative integer', max: 2 ** 32 - 1, example: '42' },
  /** Docker's own limits: a hundredth of a CPU at least (below it the quota rounds to none, an unlimited CPU). */
  cpus: { kind: 'positive', min: 0.01, max: 1024, example: '0.5' },
} as const satisfies Record<string, NumberRange>;
