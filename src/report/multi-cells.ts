import type { DatRow } from '../core/dat.js';
import { hostLoadNote, type HostLoad } from '../core/host-load.js';
import type { Summary } from '../core/stats.js';
import { grouped } from '../core/units.js';
import type { MultiStats } from '../ops/multi.js';

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

/** One statistic's cells: its label, duration ms, peak MiB and cost $, the cost with the runs' decimals. */
export function statCells(stats: MultiStats, label: (typeof STAT_LABELS)[number], digits: number): string[] {
  // A statistic one run cannot give (its spread) is a dash, not a 0 that reads as "no spread".
  const cell = (value: number, places: number) => (Number.isFinite(value) ? grouped(value, places) : '–');
  return [label, cell(stats.durationMs[label], 1), cell(stats.peakMb[label], 1), cell(stats.totalCost[label], digits)];
}

/** From this spread on (half the 95 % interval, as a share of the mean) the runs differ too much for their mean to stand for them. */
const WIDE_SPREAD_PCT = 10;

/** The mean duration with its 95 % interval, and whether that is too wide or the host was busy: what the statistics can be trusted for. */
export interface SeriesSpread {
  /** "mean duration 1,234.5 ms, 95 % interval 1,200.1–1,268.9 ms (±2.8 %)"; null for one run. */
  interval: string | null;
  wide: boolean;
  busy: boolean;
  /** Each flag in a sentence, for a report with room to say it. */
  notes: string[];
}

export function seriesSpread(stats: MultiStats, hostLoad?: HostLoad | null): SeriesSpread {
  const { mean, ci95, spreadPct } = stats.durationMs;
  const interval =
    ci95 && spreadPct !== null
      ? `mean duration ${grouped(mean, 1)} ms, 95 % interval ${grouped(ci95[0], 1)}–${grouped(ci95[1], 1)} ms (±${grouped(spreadPct, 1)} %)`
      : null;
  const wide = spreadPct !== null && spreadPct >= WIDE_SPREAD_PCT;
  const busyNote = hostLoadNote(hostLoad ?? undefined, 'these runs');
  const notes = [
    ...(wide
      ? [
          `The runs differ too much for their mean to stand for them (±${grouped(spreadPct, 1)} %, ${WIDE_SPREAD_PCT} % at most): run more, or on a quieter host.`,
        ]
      : []),
    ...(busyNote ? [busyNote] : []),
  ];
  return { interval, wide, busy: Boolean(hostLoad?.busy), notes };
}
