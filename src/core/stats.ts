export interface Summary {
  min: number;
  median: number;
  mean: number;
  p95: number;
  max: number;
  /** Sample standard deviation (n - 1); NaN for a single value, which has no spread to estimate. */
  stddev: number;
}

/** Percentile by linear interpolation between closest ranks, as numpy's default. */
function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const rank = (p / 100) * (sorted.length - 1);
  const low = Math.floor(rank);
  const high = Math.ceil(rank);
  return sorted[low]! + (sorted[high]! - sorted[low]!) * (rank - low);
}

export function summarize(values: readonly number[]): Summary {
  const sorted = [...values].sort((a, b) => a - b);
  const n = sorted.length;
  const mean = n ? sorted.reduce((sum, v) => sum + v, 0) / n : NaN;
  const variance = n > 1 ? sorted.reduce((sum, v) => sum + (v - mean) ** 2, 0) / (n - 1) : NaN;
  return {
    min: sorted[0] ?? NaN,
    median: percentile(sorted, 50),
    mean,
    p95: percentile(sorted, 95),
    max: sorted[n - 1] ?? NaN,
    stddev: Math.sqrt(variance),
  };
}
