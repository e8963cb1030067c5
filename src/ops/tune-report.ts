import { renderTable, type TableColumn } from '../core/text-table.js';
import { hangingWrap } from '../core/text-width.js';
import { grouped, MIB } from '../core/units.js';
import type { SizeOutcome, TuneOutcome, TuneStrategy } from './tune.js';
import { tuneChartLines } from './tune-chart.js';

const COLUMNS: TableColumn[] = [
  { header: 'MB', align: 'right', priority: 0 },
  { header: 'vCPU', short: 'cpu', align: 'right', priority: 2 },
  { header: 'median ms', short: 'med ms', align: 'right', priority: 0 },
  { header: 'p95 ms', short: 'p95', align: 'right', priority: 3 },
  { header: 'mean ms', short: 'mean', align: 'right', priority: 1 },
  { header: 'peak MB', short: 'peak', align: 'right', priority: 0 },
  { header: 'billed ms', short: 'billed', align: 'right', priority: 3 },
  { header: '$ per 1M', short: '$/1M', align: 'right', priority: 0 },
  { header: 'dynamic $', short: 'dyn $', align: 'right', priority: 2 },
];

const money = (n: number | undefined) => (n === undefined ? '–' : grouped(n, 4));

function row(size: SizeOutcome): string[] {
  const cpu = size.cpus === null ? 'any' : `${grouped(size.cpus, 2)}${size.cappedByHost ? '!' : ''}`;
  const peak = grouped(size.peakBytes / MIB, 1);
  if (!size.fits || !size.durationMs) return [String(size.mb), cpu, 'does not fit', '', '', peak, '–', '–', '–'];
  const d = size.durationMs;
  return [
    String(size.mb),
    cpu,
    grouped(d.median, 1),
    grouped(d.p95, 1),
    grouped(d.trimmedMean, 1),
    peak,
    size.billedMs === undefined ? '–' : grouped(size.billedMs, 0),
    money(size.costPerMillion),
    money(size.dynamicCostPerMillion),
  ];
}

const withGap = (lines: string[]) => (lines.length > 0 ? [...lines, ''] : []);

const NAMES: Record<TuneStrategy, string> = { cost: 'cheapest', speed: 'fastest', balanced: 'balanced' };

/** "Best for cost: 256 MB; fastest 1024 MB, balanced 512 MB." or, with one size that fits, that it is the only one. */
function answerLine(outcome: TuneOutcome, chosen: number): string {
  const fitting = outcome.sizes.filter((s) => s.fits && !s.partial).length;
  const others = (['cost', 'speed', 'balanced'] as const)
    .filter((s) => s !== outcome.strategy && outcome.picks[s] !== undefined)
    .map((s) => `${NAMES[s]} ${outcome.picks[s]} MB`);
  const rest = fitting === 1 ? ', the only size that fits' : others.length > 0 ? `; ${others.join(', ')}` : '';
  return `Best for ${outcome.strategy}: ${chosen} MB${rest}.`;
}

/**
 * The sizes as a table, what the marks mean, duration and cost against size
 * (when `chart` gives each chart's rows), the files written, and, last, the
 * answer: the best size for the chosen strategy with the other two beside it.
 */
export function formatTuneReport(outcome: TuneOutcome, width = 80, chart?: { rows: number; color: boolean }, files: string[] = []): string {
  const runs = Math.max(0, ...outcome.sizes.map((s) => s.results.length));
  const title = `${outcome.title} at ${outcome.sizes.length} size${outcome.sizes.length === 1 ? '' : 's'} on ${outcome.provider}, ${runs} run${runs === 1 ? '' : 's'} a size${outcome.interrupted ? ' (interrupted: the finished sizes are kept)' : ''}`;
  const notes = [
    `mean: trimmed mean of the durations, billed as the provider rounds it; $ per 1M requests, no free tier; dynamic: the same runs under the upscaling hull trained from them. CPU as the provider gives each size, a host core counted as ${grouped(outcome.cpuScale, 2)} vCPU.`,
  ];
  if (outcome.atOnce > 1)
    notes.push(
      `Up to ${outcome.atOnce} runs at once (--parallel): they shared this host's memory bandwidth and caches, so durations can be longer than alone.`,
    );
  if (outcome.sizes.some((s) => s.cappedByHost))
    notes.push(`!: more vCPUs than this host's ${outcome.hostCpus} cores; run at ${outcome.hostCpus}.`);
  for (const s of outcome.sizes.filter((x) => !x.fits)) notes.push(`${s.mb} MB does not fit: ${s.failure}.`);
  for (const s of outcome.sizes.filter((x) => x.partial))
    notes.push(`${s.mb} MB was stopped after ${s.results.length} of its runs: not picked.`);
  const chosen = outcome.picks[outcome.strategy];
  const answer =
    chosen === undefined
      ? outcome.interrupted
        ? 'Interrupted before a size that fits had finished all its runs: no answer.'
        : 'No size fitted: give larger --sizes.'
      : answerLine(outcome, chosen);
  return [
    ...hangingWrap('', title, width),
    ...renderTable(COLUMNS, outcome.sizes.map(row), width),
    '',
    ...notes.flatMap((n) => hangingWrap('', n, width)),
    '',
    ...(chart ? withGap(tuneChartLines(outcome, width, chart)) : []),
    // A path is not wrapped: cut in two, it could not be copied.
    ...withGap(files),
    ...hangingWrap('', answer, width),
  ].join('\n');
}

/**
 * Shaped like AWS Lambda Power Tuning's output, so scripts that read it read
 * this: `results.power`, `cost` (per invocation), `duration` and `stats` with
 * `value`, `averagePrice` and `averageDuration` for each size; then
 * functracer's own fields beside them, and each run's trace file.
 */
export function tuneJson(outcome: TuneOutcome) {
  const chosen = outcome.sizes.find((s) => s.mb === outcome.picks[outcome.strategy]);
  return {
    results: {
      power: chosen?.mb ?? null,
      cost: chosen?.costPerInvocation ?? null,
      duration: chosen?.durationMs?.trimmedMean ?? null,
      stats: outcome.sizes.map((size) => ({
        value: size.mb,
        averagePrice: size.costPerInvocation ?? null,
        averageDuration: size.durationMs?.trimmedMean ?? null,
        fits: size.fits,
        ...(size.partial ? { partial: true } : {}),
        ...(size.failure ? { failure: size.failure } : {}),
        peakBytes: size.peakBytes,
        medianDurationMs: size.durationMs?.median ?? null,
        p95DurationMs: size.durationMs?.p95 ?? null,
        billedDurationMs: size.billedMs ?? null,
        costPerMillion: size.costPerMillion ?? null,
        dynamicCost: size.dynamicCostPerMillion === undefined ? null : size.dynamicCostPerMillion / 1_000_000,
        providerVcpus: size.providerVcpus,
        cpus: size.cpus,
        cappedByHost: size.cappedByHost,
        runs: size.results.map((r) => ({
          rawCsv: r.rawCsv,
          durationMs: r.durationMs,
          peakBytes: r.peakBytes,
          exitCode: r.exitCode,
          oomKilled: r.oomKilled,
        })),
      })),
    },
    recommendations: outcome.picks,
    provider: outcome.provider,
    strategy: outcome.strategy,
    cpuScale: outcome.cpuScale,
    hostCpus: outcome.hostCpus,
    runsAtOnce: outcome.atOnce,
    interrupted: outcome.interrupted,
  };
}
