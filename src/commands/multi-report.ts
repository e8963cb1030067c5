import { stringify } from 'csv-stringify/sync';
import type { DatRow } from '../core/dat.js';
import { UserError } from '../core/errors.js';
import { summarize, type Summary } from '../core/stats.js';
import type { RunResult } from '../tracer/tracer.js';
import type { CostEntry } from './run-report.js';

/** One .dat line: the run priced on the chosen provider. */
export function datRowOf(result: RunResult, cost: CostEntry[], provider: string): DatRow {
  const entry = cost.find((c) => c.provider === provider);
  if (!entry)
    throw new UserError(`--provider ${provider} is not a known provider`, `Use one of: ${cost.map((c) => c.provider).join(', ')}`);
  if ('error' in entry) throw new UserError(`${provider} cannot price this run: ${entry.error}`, 'Choose another --provider');
  return {
    durationMs: result.durationMs,
    usedMb: entry.usedMb,
    billedMs: entry.billedDurationMs,
    allocatedMb: entry.allocatedMb,
    totalCost: entry.totalCost,
    netCost: entry.netCost,
    overheadCost: entry.overheadCost,
  };
}

export interface MultiStats {
  durationMs: Summary;
  peakMb: Summary;
  totalCost: Summary;
}

export function multiStats(results: RunResult[], rows: DatRow[]): MultiStats {
  return {
    durationMs: summarize(results.map((r) => r.durationMs)),
    peakMb: summarize(results.map((r) => r.peakBytes / 2 ** 20)),
    totalCost: summarize(rows.map((r) => r.totalCost)),
  };
}

/** The same runs as the .dat, with a header and what the .dat has no room for. */
export function multiCsv(results: RunResult[], rows: DatRow[]): string {
  return stringify(
    results.map((r, i) => ({
      run: i + 1,
      container: r.container,
      exitCode: r.exitCode,
      oomKilled: r.oomKilled,
      peakBytes: r.peakBytes,
      samples: r.samples,
      samplesPerSecond: r.samplesPerSecond.toFixed(1),
      rawCsv: r.rawCsv ?? '',
      ...rows[i],
    })),
    { header: true },
  );
}

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
