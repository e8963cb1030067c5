/**
 * A fraction with 12 significant digits: sums of prices in binary floating point end in noise
 * (0.5072000000000001), which says nothing and breaks text comparisons. Integers and non-numbers are kept.
 */
export function withoutNoise(value: unknown): unknown {
  return typeof value === 'number' && Number.isFinite(value) && !Number.isInteger(value) ? Number(value.toPrecision(12)) : value;
}

/** One JSON object and a newline, as every `--json` prints it, its fractions `withoutNoise`. */
export function jsonLine(value: unknown): string {
  return `${JSON.stringify(value, (_key, v: unknown) => withoutNoise(v))}\n`;
}
