import type { DatRow } from '../core/dat.js';
import type { HostLoad } from '../core/host-load.js';
import { renderTable, type TableColumn } from '../core/text-table.js';
import { hangingWrap } from '../core/text-width.js';
import type { MultiStats } from '../ops/multi.js';
import type { RunResult } from '../tracer/tracer.js';
import { costDigits, runCells, seriesSpread, STAT_LABELS, statCells } from './multi-cells.js';

const RUN_COLUMNS: TableColumn[] = [
  { header: 'run', align: 'right', priority: 0 },
  { header: 'time ms', short: 'ms', align: 'right', priority: 0 },
  { header: 'used MiB', short: 'used', align: 'right', priority: 0 },
  { header: 'billed ms', short: 'billed', align: 'right', priority: 1 },
  { header: 'alloc MB', short: 'alloc', align: 'right', priority: 2 },
  { header: 'cost $', short: 'cost', align: 'right', priority: 0 },
  { header: 'net $', short: 'net', align: 'right', priority: 3 },
  { header: 'overhead $', short: 'ovh', align: 'right', priority: 3 },
];

const STAT_COLUMNS: TableColumn[] = [
  { header: '', align: 'left', priority: 0 },
  { header: 'duration ms', short: 'ms', align: 'right', priority: 0 },
  { header: 'peak MiB', short: 'MiB', align: 'right', priority: 0 },
  { header: 'cost $', short: '$', align: 'right', priority: 0 },
];

/**
 * The runs, their statistics, how far the mean duration can be trusted, and the files, in `width` columns;
 * the files come last, as what to open next.
 */
export function formatMultiReport(
  rows: DatRow[],
  stats: MultiStats,
  info: {
    dat: string;
    csv: string;
    provider: string;
    requests: number;
    interrupted: boolean;
    failed?: string;
    hostLoad?: HostLoad | null;
  },
  width = 80,
): string {
  const spread = seriesSpread(stats, info.hostLoad);
  const digits = costDigits(rows);
  const runRows = rows.map((r, i) => runCells(r, i, digits));
  const statRows = STAT_LABELS.map((label) => statCells(stats, label, digits));
  const title = `${rows.length} run${rows.length === 1 ? '' : 's'} priced on ${info.provider} for ${info.requests.toLocaleString('en-US')} requests${info.interrupted ? ' (interrupted: the finished runs are kept)' : ''}`;
  return [
    ...hangingWrap('', title, width),
    ...renderTable(RUN_COLUMNS, runRows, width),
    '',
    ...renderTable(STAT_COLUMNS, statRows, width),
    ...(spread.interval ? hangingWrap('', `${spread.interval[0]!.toUpperCase()}${spread.interval.slice(1)}.`, width) : []),
    ...spread.notes.flatMap((n) => hangingWrap('', n, width)),
    '',
    ...(info.failed ? [...hangingWrap('Failed: ', info.failed, width), ''] : []),
    ...hangingWrap('Table: ', info.dat, width),
    ...hangingWrap('CSV:   ', info.csv, width),
  ].join('\n');
}

/** Which runs failed and how, as the tables would otherwise show them among the others without a mark. */
export function failedRunsNote(results: readonly Pick<RunResult, 'exitCode' | 'oomKilled'>[]): string | undefined {
  const lines = results.flatMap((r, i) =>
    r.exitCode !== 0 || r.oomKilled ? [`run ${i + 1} ${r.oomKilled ? 'was killed for memory' : `exited ${r.exitCode}`}`] : [],
  );
  if (lines.length === 0) return undefined;
  return `${lines.join(', ')}. Their rows and the statistics are of the runs as they ran.`;
}
