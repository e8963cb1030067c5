import type { DatRow } from '../../core/dat.js';
import { grouped, MIB } from '../../core/units.js';
import type { MultiStats } from '../../ops/multi.js';
import { costDigits, runCells, STAT_LABELS, statCells } from '../../ops/multi-cells.js';

/** The decimals of every cost in the table, as `multi` prints them. */
export const multiCostDigits = costDigits;

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

/** One run as the .dat holds it, in `multi`'s cells; without a price (the provider cannot host it) the cost columns say so. */
export function multiRowLine(index: number, durationMs: number, peakBytes: number, row: DatRow | undefined, digits: number): string {
  if (!row) return cells([String(index + 1), grouped(durationMs, 1), grouped(Math.ceil(peakBytes / MIB)), '–', '–', '–', '–', '–']);
  return cells(runCells(row, index, digits));
}

/** The statistics under the columns they describe: duration under time, peak under used MB, cost under cost. */
export function statsLines(stats: MultiStats, digits: number): string[] {
  return STAT_LABELS.map((label) => {
    const [name, duration, peak, cost] = statCells(stats, label, digits);
    return cells([name!, duration!, peak!, '', '', cost!, '', '']).trimEnd();
  });
}
