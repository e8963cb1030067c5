import { describe, expect, it } from 'vitest';
import { meanInterval, overlaps, summarize, tQuantile975, trimmedMean } from '../../src/core/stats.js';
import { grouped } from '../../src/core/units.js';

describe('summarize', () => {
  it('never puts the mean outside [min, max]: three equal runs print one figure three times', () => {
    const s = summarize([1.45025, 1.45025, 1.45025]);
    // The plain sum divided by three is a hair below 1.45025, which rounds to 1.4502.
    expect((1.45025 + 1.45025 + 1.45025) / 3).toBeLessThan(1.45025);
    expect([s.min, s.median, s.mean, s.p95, s.max].map((v) => grouped(v, 4))).toEqual(Array(5).fill('1.4503'));
    for (const values of [
      [0.1, 0.2, 0.3],
      [1e-9, 1e-9],
      [3, 3, 3, 3, 3, 3, 3],
      [0.7, 0.7, 0.7 + 1e-15],
    ]) {
      const t = summarize(values);
      expect(t.mean).toBeGreaterThanOrEqual(t.min);
      expect(t.mean).toBeLessThanOrEqual(t.max);
    }
  });

  it("gives the mean's 95 % interval and its spread, and none for one value", () => {
    const s = summarize([10, 11, 12]);
    // Student: 11 ± t(2) · 1/√3.
    expect(s.ci95![0]).toBeCloseTo(11 - 4.303 / Math.sqrt(3), 9);
    expect(s.ci95![1]).toBeCloseTo(11 + 4.303 / Math.sqrt(3), 9);
    expect(s.spreadPct).toBeCloseTo((4.303 / Math.sqrt(3) / 11) * 100, 9);
    expect(summarize([5]).ci95).toBeNull();
    expect(summarize([5]).spreadPct).toBeNull();
  });
});

describe('trimmedMean', () => {
  it('trims the fastest and slowest share at each end, keeping one value at least', () => {
    expect(trimmedMean([100, 1, 5, 6, 7], 0.2)).toBe(6);
    expect(trimmedMean([1, 2, 3], 0)).toBe(2);
    expect(trimmedMean([4, 8], 0.4)).toBe(6);
    expect(trimmedMean([1, 2, 30], 0.4)).toBe(2);
  });
});

describe('tQuantile975', () => {
  it("is Student's table up to 30 degrees of freedom and close to it beyond, towards the normal 1.96", () => {
    expect([1, 2, 4, 9, 30].map(tQuantile975)).toEqual([12.706, 4.303, 2.776, 2.262, 2.042]);
    // Published values: t(40) = 2.021, t(60) = 2.000, t(120) = 1.980.
    expect(tQuantile975(40)).toBeCloseTo(2.021, 3);
    expect(tQuantile975(60)).toBeCloseTo(2.0, 3);
    expect(tQuantile975(120)).toBeCloseTo(1.98, 3);
    expect(tQuantile975(1e6)).toBeCloseTo(1.96, 3);
    expect(tQuantile975(0)).toBeNaN();
  });
});

describe('meanInterval', () => {
  it("is Student's interval of the mean without trimming", () => {
    const i = meanInterval([10, 12, 14, 16], 0)!;
    const s = Math.sqrt((9 + 1 + 1 + 9) / 3);
    expect(i.estimate).toBe(13);
    expect(i.lo).toBeCloseTo(13 - 3.182 * (s / 2), 9);
    expect(i.hi).toBeCloseTo(13 + 3.182 * (s / 2), 9);
  });

  it('trims and winsorizes alike, so one slow run does not widen the interval alone', () => {
    // g = 1 of 5: kept 11, 12, 13 (mean 12); winsorized 11, 11, 12, 13, 13 (variance 1); h = 3.
    const i = meanInterval([10, 11, 12, 13, 100], 0.2)!;
    const half = 4.303 * Math.sqrt((4 * 1) / (3 * 2));
    expect(i.estimate).toBe(12);
    expect(i.lo).toBeCloseTo(12 - half, 9);
    expect(i.hi).toBeCloseTo(12 + half, 9);
    // Untrimmed, the one slow run makes it about fourteen times as wide.
    expect(meanInterval([10, 11, 12, 13, 100], 0)!.hi - meanInterval([10, 11, 12, 13, 100], 0)!.lo).toBeGreaterThan(10 * 2 * half);
  });

  it('keeps two values for the spread where the estimate keeps one, and still holds the estimate', () => {
    const i = meanInterval([1, 2, 30], 0.4)!;
    expect(i.estimate).toBe(2);
    expect(i.lo).toBeLessThanOrEqual(2);
    expect(i.hi).toBeGreaterThanOrEqual(2);
    expect(meanInterval([7], 0)).toBeNull();
    expect(meanInterval([7, 7, 7], 0)).toEqual({ estimate: 7, lo: 7, hi: 7, spreadPct: 0 });
  });
});

describe('overlaps', () => {
  it('says whether two intervals share a point; an unknown one may be anywhere', () => {
    expect(overlaps([1, 2], [2, 3])).toBe(true);
    expect(overlaps([1, 2], [2.5, 3])).toBe(false);
    expect(overlaps([3, 4], [1, 2])).toBe(false);
    expect(overlaps(null, [1, 2])).toBe(true);
  });
});

describe('meanInterval of values that cannot be negative', () => {
  it('keeps its low end at 0, as no run takes less than no time', () => {
    const i = meanInterval([106, 140], 0)!;
    expect(i.lo).toBe(0);
    expect(i.hi).toBeCloseTo(123 + 12.706 * (Math.sqrt(((106 - 123) ** 2 * 2) / 1) / Math.SQRT2), 6);
    expect(meanInterval([-5, 5], 0)!.lo).toBeLessThan(0);
  });
});
