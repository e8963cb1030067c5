import type { DatRow } from '../core/dat.js';
import type { HostLoad } from '../core/host-load.js';
import { grouped, MIB } from '../core/units.js';
import type { MultiStats } from '../ops/multi.js';
import { costDigits, runCells, seriesSpread, STAT_LABELS, statCells } from './multi-cells.js';
import { firstThatFits } from './fit.js';

/** The decimals of every cost in the table, as `multi` prints them. */
export const multiCostDigits = costDigits;

/** The .dat's seven columns after a run number, wide enough for a million requests' dollars. */
const COLUMNS = [
  { title: 'run', width: 7 },
  { title: 'time ms', width: 10 },
  { title: 'used MiB', width: 9 },
  { title: 'billed ms', width: 10 },
  { title: 'alloc MB', width: 9 },
  { title: 'cost $', width: 10 },
  { title: 'net $', width: 10 },
  { title: 'overhead $', width: 11 },
] as const;

const cells = (values: string[]) => values.map((v, i) => (i === 0 ? v.padEnd(COLUMNS[0].width) : v.padStart(COLUMNS[i]!.width))).join('');

export const MULTI_HEADER = cells(COLUMNS.map((c) => c.title));

const OVERHEAD_WIDTH = COLUMNS.at(-1)!.width;
/** The least a node's column takes beside the others: its gap and a name of ten. */
const NODE_ROOM = 12;

/**
 * A row (or the header) with the run's node, for runs made on a swarm: after the .dat's columns where `width`
 * allows, else in place of the overhead column, which is cost − net and stays in the files.
 */
export function withNodeCell(line: string, node: string, width: number): string {
  if (width >= MULTI_HEADER.length + NODE_ROOM) return `${line}  ${fitName(node, width - MULTI_HEADER.length - 2)}`;
  return `${line.slice(0, MULTI_HEADER.length - OVERHEAD_WIDTH)} ${fitName(node, OVERHEAD_WIDTH - 1)}`;
}

/** A name cut to `room` characters, its cut marked. */
const fitName = (name: string, room: number) => ([...name].length <= room ? name : `${[...name].slice(0, room - 1).join('')}…`);

/** One run as the .dat holds it, in `multi`'s cells; without a price (the provider cannot host it) the cost columns say so. */
export function multiRowLine(index: number, durationMs: number, peakBytes: number, row: DatRow | undefined, digits: number): string {
  if (!row) return cells([String(index + 1), grouped(durationMs, 1), grouped(Math.ceil(peakBytes / MIB)), '–', '–', '–', '–', '–']);
  return cells(runCells(row, index, digits));
}

/** The statistics under the columns they describe: duration under time, peak under used MiB, cost under cost. */
export function statsLines(stats: MultiStats, digits: number): string[] {
  return STAT_LABELS.map((label) => {
    const [name, duration, peak, cost] = statCells(stats, label, digits);
    return cells([name!, duration!, peak!, '', '', cost!, '', '']).trimEnd();
  });
}

/**
 * Under the statistics, in one line: the mean duration's 95 % interval, and a flag when the runs are too spread
 * to stand for by their mean, or the host was busy. Shorter forms give way to the flag, which matters more.
 */
export function spreadLine(stats: MultiStats, hostLoad: HostLoad | undefined, width: number): { line: string; flagged: boolean } {
  const spread = seriesSpread(stats, hostLoad);
  const flags = [...(spread.wide ? ['runs too spread'] : []), ...(spread.busy ? ['host was busy'] : [])];
  const flag = flags.length > 0 ? `: ${flags.join(', ')}` : '';
  const { mean, ci95, spreadPct } = stats.durationMs;
  if (!ci95 || spreadPct === null) return { line: `  one run: no interval${flag}`, flagged: flags.length > 0 };
  const forms = [
    `  ${spread.interval}${flag}`,
    `  mean ${grouped(mean, 1)} ms ±${grouped(spreadPct, 1)} % (95 %)${flag}`,
    `  ±${grouped(spreadPct, 1)} % (95 %)${flag}`,
  ];
  return { line: firstThatFits(forms, width), flagged: flags.length > 0 };
}
