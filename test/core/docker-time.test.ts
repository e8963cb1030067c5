import { describe, expect, it } from 'vitest';
import { isZeroDockerTime, parseDockerTime } from '../../src/core/docker-time.js';

describe('parseDockerTime', () => {
  it('keeps the fraction below a millisecond, however many digits Docker wrote', () => {
    const whole = Date.parse('2026-11-29T03:07:12Z');
    expect(parseDockerTime('2026-11-29T03:07:12.933340291Z')).toBeCloseTo(whole + 933.340291, 6);
    // Docker drops trailing zeros: .93334029 is .933340290.
    expect(parseDockerTime('2026-11-29T03:07:12.93334029Z')).toBeCloseTo(whole + 933.34029, 6);
    expect(parseDockerTime('2026-11-29T03:07:12Z')).toBe(whole);
    expect(parseDockerTime('2026-11-29T04:07:12.5+01:00')).toBe(whole + 500);
  });

  it('says NaN for what is not a timestamp, and knows Docker\'s "never"', () => {
    expect(parseDockerTime('yesterday')).toBeNaN();
    expect(isZeroDockerTime('0001-01-01T00:00:00Z')).toBe(true);
    expect(isZeroDockerTime('2026-11-29T03:07:12Z')).toBe(false);
  });
});
