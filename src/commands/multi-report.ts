import type { DatRow } from '../core/dat.js';
import type { Summary } from '../core/stats.js';
import type { MultiStats } from '../ops/multi.js';

const fmt = (v: number, digits: number) => v.toFixed(digits).padStart(12);

export function formatMultiReport(
  rows: DatRow[],
  stats: MultiStats,
  info: { dat: string; csv: string; provider: string; requests: number; interrupted: boolean },
): string {
  const header = ['run', 'time ms', 'used MB', 'billed ms', 'alloc MB', 'cost $', 'net $', 'overhead $']
    .map((h, i) => (i === 0 ? h.padEnd(5) : h.padStart(12)))
    .join('');
  const lines = rows.map(
    (r, i) =>
      String(i + 1).padEnd(5) +
      fmt(r.durationMs, 1) +
      fmt(r.usedMb, 0) +
      fmt(r.billedMs, 0) +
      fmt(r.allocatedMb, 0) +
      fmt(r.totalCost, 2) +
      fmt(r.netCost, 2) +
      fmt(r.overheadCost, 2),
  );
  const statRow = (label: keyof Summary) =>
    `  ${label.padEnd(8)}${fmt(stats.durationMs[label], 1)} ms${fmt(stats.peakMb[label], 2)} MB  $${stats.totalCost[label].toFixed(4)}`;
  return [
    `${rows.length} runs priced on ${info.provider} for ${info.requests.toLocaleString('en-US')} requests${info.interrupted ? ' (interrupted: the finished runs are kept)' : ''}`,
    header,
    ...lines,
    '',
    'Statistics: duration, peak, cost',
    ...(['min', 'median', 'mean', 'p95', 'max', 'stddev'] as const).map(statRow),
    '',
    `Table: ${info.dat}`,
    `CSV:   ${info.csv}`,
  ].join('\n');
}
