import type { DatRow } from '../../core/dat.js';
import type { Summary } from '../../core/stats.js';
import { MIB } from '../../core/units.js';
import type { MultiStats } from '../multi-table.js';

/** The .dat's seven columns after a run number, wide enough for a million requests' dollars. */
const COLUMNS = [
  { title: 'run', width: 7 },
  { title: 'time ms', width: 10 },
  { title: 'used MB', width: 9 },
  { title: 'billed ms', width: 10 },
  { title: 'alloc MB', width: 9 },
  { title: 'cost $', width: 10 },
  { title: 'net $', width: 10 },
  { title: 'overhead $', width: 11 },
] as const;

const cells = (values: string[]) => values.map((v, i) => (i === 0 ? v.padEnd(COLUMNS[0].width) : v.padStart(COLUMNS[i]!.width))).join('');

export const MULTI_HEADER = cells(COLUMNS.map((c) => c.title));

const money = (v: number) => v.toFixed(v < 10 ? 4 : 2);

/** One run as the .dat holds it; without a price (the provider cannot host it) the cost columns say so. */
export function multiRowLine(index: number, durationMs: number, peakBytes: number, row: DatRow | undefined): string {
  if (!row) return cells([String(index + 1), durationMs.toFixed(1), String(Math.ceil(peakBytes / MIB)), '–', '–', '–', '–', '–']);
  return cells([
    String(index + 1),
    row.durationMs.toFixed(1),
    String(row.usedMb),
    String(row.billedMs),
    String(row.allocatedMb),
    money(row.totalCost),
    money(row.netCost),
    money(row.overheadCost),
  ]);
}

export const STAT_LABELS = ['min', 'median', 'mean', 'p95', 'max', 'stddev'] as const satisfies readonly (keyof Summary)[];

/** The statistics under the columns they describe: duration under time, peak under used MB, cost under cost. */
export function statsLines(stats: MultiStats): string[] {
  return STAT_LABELS.map((label) =>
    cells([
      label,
      stats.durationMs[label].toFixed(1),
      stats.peakMb[label].toFixed(1),
      '',
      '',
      money(stats.totalCost[label]),
      '',
      '',
    ]).trimEnd(),
  );
}
