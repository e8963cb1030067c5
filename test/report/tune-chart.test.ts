import { describe, expect, it } from 'vitest';
import { tuneChartLines } from '../../src/report/tune-chart.js';
import type { SizeOutcome, TuneOutcome } from '../../src/ops/tune.js';

function size(mb: number, trimmedMean: number | undefined, costPerMillion?: number): SizeOutcome {
  const fits = trimmedMean !== undefined;
  return {
    mb,
    providerVcpus: mb / 1769,
    cpus: mb / 1769,
    cappedByHost: false,
    results: [],
    fits,
    peakBytes: 100 * 1024 * 1024,
    ...(fits
      ? { durationMs: { median: trimmedMean, p95: trimmedMean, trimmedMean, ci95: null, spreadPct: null }, costPerMillion }
      : { failure: 'out of memory' }),
  };
}

const outcome = (sizes: SizeOutcome[]): TuneOutcome => ({
  title: 'f',
  provider: 'aws-lambda-x86',
  sizes,
  picks: {},
  ties: {},
  hostLoad: null,
  strategy: 'cost',
  cpuScale: 1,
  hostCpus: 2,
  atOnce: 1,
  interrupted: false,
});

/** The y-axis label of each row of the chart that starts after `title`. */
function labels(lines: string[], title: string, rows: number): number[] {
  const at = lines.indexOf(title);
  return lines.slice(at + 1, at + 1 + rows).map((line) => Number(line.slice(0, 7)));
}

describe('tuneChartLines', () => {
  const sizes = [size(128, undefined), size(256, 4000, 2.08), size(512, 1900, 1.98), size(1024, 1000, 2.1)];

  it('draws duration and cost against the sizes that fit, each under its point, in the width', () => {
    const lines = tuneChartLines(outcome(sizes), 80, { rows: 5, color: false });
    for (const line of lines) expect([...line].length, line).toBeLessThanOrEqual(80);
    const axis = lines.at(-1)!;
    // Evenly spaced: the first size at the first column, the last at the last; a size that does not fit has no point.
    expect(axis).toMatch(/^ {6}MB└256 +512 +1024$/);
    expect(axis.indexOf('512')).toBeGreaterThan(35);
    expect(axis.indexOf('512')).toBeLessThan(50);
    expect(axis).not.toContain('128');
    // Each chart's axis runs from 0 to its highest value.
    const durations = labels(lines, 'duration, ms (trimmed mean)', 5);
    expect(durations[0]).toBe(4000);
    expect(durations.at(-1)).toBe(0);
    const costs = labels(lines, '$ per 1M requests (from the lowest)', 5);
    expect(costs[0]).toBeCloseTo(2.1, 3);
    expect(costs.at(-1)).toBeCloseTo(1.98, 3);
    // Duration falls from left to right: the line starts on the top row and ends on a lower one.
    const top = lines[lines.indexOf('duration, ms (trimmed mean)') + 1]!;
    expect(top.slice(9, 12).trim()).not.toBe('');
    expect(top.slice(-3).trim()).toBe('');
  });

  it('draws nothing when no size fitted, and a flat line for one', () => {
    expect(tuneChartLines(outcome([size(128, undefined)]), 80, { rows: 5, color: false })).toEqual([]);
    const one = tuneChartLines(outcome([size(256, 500, 1)]), 80, { rows: 5, color: false });
    expect(one.at(-1)).toBe('      MB└256');
  });
});
