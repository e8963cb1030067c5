export interface Summary {
  min: number;
  median: number;
  mean: number;
  p95: number;
  max: number;
  /** Sample standard deviation (n - 1); NaN for a single value, which has no spread to estimate. */
  stddev: number;
  /** The 95 % interval of the mean (see `meanInterval`); null for fewer than two values. */
  ci95: [number, number] | null;
  /** The interval's half-width as a share of the mean, in %; null without an interval or for a mean of 0. */
  spreadPct: number | null;
}

/** Percentile by linear interpolation between closest ranks, as numpy's default. */
function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const rank = (p / 100) * (sorted.length - 1);
  const low = Math.floor(rank);
  const high = Math.ceil(rank);
  return sorted[low]! + (sorted[high]! - sorted[low]!) * (rank - low);
}

/**
 * The mean, never outside [min, max]: three runs of 1.45025 sum to a float whose third is a hair below
 * 1.45025, which rounds to 1.4502 beside a min and max of 1.4503.
 */
function boundedMean(sorted: readonly number[]): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const mean = sorted.reduce((sum, v) => sum + v, 0) / n;
  return Math.min(sorted[n - 1]!, Math.max(sorted[0]!, mean));
}

export function summarize(values: readonly number[]): Summary {
  const sorted = [...values].sort((a, b) => a - b);
  const n = sorted.length;
  const mean = boundedMean(sorted);
  const variance = n > 1 ? sorted.reduce((sum, v) => sum + (v - mean) ** 2, 0) / (n - 1) : NaN;
  const interval = meanInterval(values, 0);
  return {
    min: sorted[0] ?? NaN,
    median: percentile(sorted, 50),
    mean,
    p95: percentile(sorted, 95),
    max: sorted[n - 1] ?? NaN,
    stddev: Math.sqrt(variance),
    ci95: interval ? [interval.lo, interval.hi] : null,
    spreadPct: interval?.spreadPct ?? null,
  };
}

/** How many values to drop at each end for a trimmed mean of `share`, keeping at least `keep`. */
function cutOf(n: number, share: number, keep: number): number {
  return Math.max(0, Math.min(Math.floor(n * share), Math.floor((n - keep) / 2)));
}

/** The mean after dropping the `share` fastest and slowest values at each end; never fewer than one value. */
export function trimmedMean(values: readonly number[], share: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const cut = cutOf(sorted.length, share, 1);
  return boundedMean(sorted.slice(cut, sorted.length - cut));
}

/**
 * Student's t at 97.5 %, for a two-sided 95 % interval: the table's values up to 30 degrees of freedom, then the
 * Cornish–Fisher expansion around the normal quantile, which is within 0.001 of the exact value from 30 on.
 */
const T975 = [
  12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.16, 2.145, 2.131, 2.12, 2.11, 2.101, 2.093, 2.086,
  2.08, 2.074, 2.069, 2.064, 2.06, 2.056, 2.052, 2.048, 2.045, 2.042,
];

export function tQuantile975(df: number): number {
  if (!(df >= 1)) return NaN;
  const exact = T975[Math.floor(df) - 1];
  if (exact !== undefined) return exact;
  const z = 1.959964;
  return (
    z +
    (z ** 3 + z) / (4 * df) +
    (5 * z ** 5 + 16 * z ** 3 + 3 * z) / (96 * df ** 2) +
    (3 * z ** 7 + 19 * z ** 5 + 17 * z ** 3 - 15 * z) / (384 * df ** 3)
  );
}

export interface MeanInterval {
  /** The trimmed mean itself, as `trimmedMean` gives it. */
  estimate: number;
  lo: number;
  hi: number;
  /** The half-width as a share of the estimate, in %; null for an estimate of 0. */
  spreadPct: number | null;
}

/**
 * The 95 % interval of a trimmed mean (Tukey and McLaughlin, 1963; Wilcox, "Introduction to Robust Estimation",
 * 4.4): the trimmed mean ± t(h − 1) · √((n − 1) s_w² / (h (h − 1))), where g values are dropped at each end,
 * h = n − 2g are kept, and s_w² is the variance of the values winsorized at the same g. With no trimming this is
 * Student's interval of the mean. It suits 2 to 30 runs: t widens it as runs get fewer, and the trimming keeps
 * one slow outlier (a host that hiccuped) from widening it alone. At least two values are kept for the variance;
 * values that are all 0 or more keep the low end at 0 or more.
 * fewer than two values give no interval (null): one run says nothing of its spread.
 */
export function meanInterval(values: readonly number[], share: number): MeanInterval | null {
  const n = values.length;
  if (n < 2) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const g = cutOf(n, share, 2);
  const h = n - 2 * g;
  const low = sorted[g]!;
  const high = sorted[n - 1 - g]!;
  const winsorized = sorted.map((v) => Math.min(high, Math.max(low, v)));
  const wMean = winsorized.reduce((sum, v) => sum + v, 0) / n;
  const wVariance = winsorized.reduce((sum, v) => sum + (v - wMean) ** 2, 0) / (n - 1);
  const halfWidth = tQuantile975(h - 1) * Math.sqrt(((n - 1) * wVariance) / (h * (h - 1)));
  const centre = boundedMean(sorted.slice(g, n - g));
  const estimate = trimmedMean(values, share);
  // Where the estimate trims more than the interval can (three runs, --discard 0.4), the interval still holds it;
  // and the mean of durations, peaks or prices is never below 0, however few and far apart the runs.
  const lo = Math.min(estimate, sorted[0]! >= 0 ? Math.max(0, centre - halfWidth) : centre - halfWidth);
  const hi = Math.max(estimate, centre + halfWidth);
  return { estimate, lo, hi, spreadPct: estimate === 0 ? null : (Math.max(hi - estimate, estimate - lo) / Math.abs(estimate)) * 100 };
}

/** Whether two intervals share a point; an unknown interval (one run) may be anywhere, so it overlaps every other. */
export function overlaps(a: readonly [number, number] | null, b: readonly [number, number] | null): boolean {
  if (a === null || b === null) return true;
  return a[0] <= b[1] && b[0] <= a[1];
}
