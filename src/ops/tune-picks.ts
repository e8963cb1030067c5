import { overlaps } from '../core/stats.js';
import { MIB } from '../core/units.js';
import type { SizeOutcome, TuneStrategy } from './tune.js';

type Interval = [number, number] | null;

export interface Ranking {
  /** The best size for each strategy; absent when no size can be picked. */
  picks: Partial<Record<TuneStrategy, number>>;
  /**
   * For each pick, the other sizes it cannot be told apart from: their 95 % intervals overlap its own, so the
   * difference is inside the noise. Empty when the pick stands clear of every other size.
   */
  ties: Partial<Record<TuneStrategy, number[]>>;
}

/** A strategy's score of a size, the lower the better, and its interval from the size's duration interval. */
interface Score {
  point: (s: SizeOutcome) => number;
  interval: (s: SizeOutcome) => Interval;
}

/**
 * Power Tuning's three answers over the sizes that fit, ran all their runs and are not below the function's
 * peak: the cheapest, the fastest and the lowest weighted sum of cost and duration, each scaled by its largest
 * value. Each score rises with a size's duration, so its interval comes from the duration's (and, where a
 * provider bills CPU time, the CPU time's); a pick whose interval overlaps another size's is tied with it.
 */
export function rank(sizes: readonly SizeOutcome[], balancedWeight: number): Ranking {
  // The function's need: the lowest peak a fitting size saw. A larger size can see more (page cache, a heap that grows with the limit).
  const fitting = sizes.filter((s) => s.fits && !s.partial && s.costPerMillion !== undefined && s.durationMs !== undefined);
  const peak = Math.min(...fitting.map((s) => s.peakBytes));
  const candidates = fitting.filter((s) => s.mb * MIB >= peak);
  if (candidates.length === 0) return { picks: {}, ties: {} };
  const maxCost = Math.max(...candidates.map((s) => s.costPerMillion!)) || 1;
  const maxTime = Math.max(...candidates.map((s) => s.durationMs!.trimmedMean)) || 1;
  const weigh = (cost: number, time: number) => balancedWeight * (cost / maxCost) + (1 - balancedWeight) * (time / maxTime);
  const scores: Record<TuneStrategy, Score> = {
    cost: { point: (s) => s.costPerMillion!, interval: (s) => s.costCi95 ?? null },
    speed: { point: (s) => s.durationMs!.trimmedMean, interval: (s) => s.durationMs!.ci95 },
    balanced: {
      point: (s) => weigh(s.costPerMillion!, s.durationMs!.trimmedMean),
      interval: (s) => {
        const cost = s.costCi95 ?? null;
        const time = s.durationMs!.ci95;
        return cost && time ? [weigh(cost[0], time[0]), weigh(cost[1], time[1])] : null;
      },
    },
  };
  const picks: Ranking['picks'] = {};
  const ties: Ranking['ties'] = {};
  for (const strategy of ['cost', 'speed', 'balanced'] as const) {
    const { point, interval } = scores[strategy];
    const best = candidates.reduce((a, b) => (point(b) < point(a) ? b : a));
    picks[strategy] = best.mb;
    ties[strategy] = candidates.filter((s) => s !== best && overlaps(interval(s), interval(best))).map((s) => s.mb);
  }
  return { picks, ties };
}
