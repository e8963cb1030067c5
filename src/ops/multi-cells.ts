import type { DatRow } from '../core/dat.js';
import type { Summary } from '../core/stats.js';
import { grouped } from '../core/units.js';
import type { MultiStats } from './multi.js';

export const STAT_LABELS = ['min', 'median', 'mean', 'p95', 'max', 'stddev'] as const satisfies readonly (keyof Summary)[];

/**
 * Dollars per 1M requests with one number of decimals for the whole table,
 * so a column lines up: four places, where a run's overhead is often a
 * fraction of a cent, and cents once a run costs $1,000 or more.
 */
export function costDigits(rows: readonly Pick<DatRow, 'totalCost'>[]): number {
  return rows.some((r) => r.totalCost >= 1000) ? 2 : 4;
}

/** One run's cells as `multi` and the multi-run screen print them: run, time, used, billed, alloc, cost, net, overhead. */
export function runCells(row: DatRow, index: number, digits: number): string[] {
  return [
    String(index + 1),
    grouped(row.durationMs, 1),
    grouped(row.usedMb),
    grouped(row.billedMs),
    grouped(row.allocatedMb),
    grouped(row.totalCost, digits),
    grouped(row.netCost, digits),
    grouped(row.overheadCost, digits),
  ];
}

/** One statistic's cells: its label, duration ms, peak MB and cost $, the cost with the runs' decimals. */
export function statCells(stats: MultiStats, label: (typeof STAT_LABELS)[number], digits: number): string[] {
  // A statistic one run cannot give (its spread) is a dash, not a 0 that reads as "no spread".
  const cell = (value: number, places: number) => (Number.isFinite(value) ? grouped(value, places) : '–');
  return [label, cell(stats.durationMs[label], 1), cell(stats.peakMb[label], 1), cell(stats.totalCost[label], digits)];
}
