/**
 * Docker timestamps carry nanoseconds ("2026-11-29T01:25:11.001470169Z"),
 * which Date.parse would cut to milliseconds. Returns epoch ms with the fraction kept.
 */
export function parseDockerTime(text: string): number {
  const m = /^(.*T\d{2}:\d{2}:\d{2})(?:\.(\d+))?(Z|[+-]\d{2}:\d{2})$/.exec(text);
  if (!m) return NaN;
  const whole = Date.parse(`${m[1]}${m[3]}`);
  const fraction = m[2] ? Number(`0.${m[2]}`) * 1000 : 0;
  return whole + fraction;
}

/** Docker's "never" is year 1. */
export function isZeroDockerTime(text: string | undefined): boolean {
  return !text || text.startsWith('0001-01-01');
}
