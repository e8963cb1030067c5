/**
 * One JSON object and a newline, as every `--json` prints it. Fractions keep 12 significant digits: sums of prices
 * in binary floating point end in noise (0.5072000000000001), which says nothing and breaks text comparisons.
 */
export function jsonLine(value: unknown): string {
  return `${JSON.stringify(value, (_key, v: unknown) =>
    typeof v === 'number' && Number.isFinite(v) && !Number.isInteger(v) ? Number(v.toPrecision(12)) : v,
  )}\n`;
}
