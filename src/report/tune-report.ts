import { hostLoadNote } from '../core/host-load.js';
import { renderTable, type TableColumn } from '../core/text-table.js';
import { hangingWrap } from '../core/text-width.js';
import { grouped, MIB } from '../core/units.js';
import type { SizeOutcome, TuneOutcome, TuneStrategy } from '../ops/tune.js';
import { tuneChartLines } from './tune-chart.js';

const COLUMNS: TableColumn[] = [
  { header: 'MB', align: 'right', priority: 0 },
  { header: 'vCPU', short: 'cpu', align: 'right', priority: 2 },
  { header: 'median ms', short: 'med ms', align: 'right', priority: 0 },
  { header: 'p95 ms', short: 'p95', align: 'right', priority: 3 },
  { header: 'mean ms', short: 'mean', align: 'right', priority: 1 },
  { header: '±95%', short: '±%', align: 'right', priority: 1 },
  { header: 'peak MiB', short: 'peak', align: 'right', priority: 0 },
  { header: 'billed ms', short: 'billed', align: 'right', priority: 3 },
  { header: '$ per 1M', short: '$/1M', align: 'right', priority: 0 },
  { header: 'dynamic $', short: 'dyn $', align: 'right', priority: 2 },
];

const money = (n: number | undefined) => (n === undefined ? '–' : grouped(n, 4));

function row(size: SizeOutcome): string[] {
  const cpu = size.cpus === null ? 'any' : `${grouped(size.cpus, 2)}${size.cappedByHost ? '!' : ''}`;
  const peak = grouped(size.peakBytes / MIB, 1);
  if (!size.fits || !size.durationMs) return [String(size.mb), cpu, 'does not fit', '', '', '', peak, '–', '–', '–'];
  const d = size.durationMs;
  return [
    String(size.mb),
    cpu,
    grouped(d.median, 1),
    grouped(d.p95, 1),
    grouped(d.trimmedMean, 1),
    d.spreadPct === null ? '–' : grouped(d.spreadPct, 1),
    peak,
    size.billedMs === undefined ? '–' : grouped(size.billedMs, 0),
    money(size.costPerMillion),
    money(size.dynamicCostPerMillion),
  ];
}

const withGap = (lines: string[]) => (lines.length > 0 ? [...lines, ''] : []);

const NAMES: Record<TuneStrategy, string> = { cost: 'cheapest', speed: 'fastest', balanced: 'balanced' };
const STRATEGIES = ['cost', 'speed', 'balanced'] as const;

/** "512 MB and 1769 MB", "256, 512 and 1024 MB". */
function sizesText(mbs: readonly number[]): string {
  const sorted = [...mbs].sort((a, b) => a - b);
  if (sorted.length === 2) return `${sorted[0]} MB and ${sorted[1]} MB`;
  return `${sorted.slice(0, -1).join(', ')} and ${sorted.at(-1)} MB`;
}

/** The sizes a pick cannot be told from, itself among them; empty when it stands clear. */
function tiedSizes(outcome: TuneOutcome, strategy: TuneStrategy): number[] {
  const mb = outcome.picks[strategy];
  const ties = outcome.ties[strategy] ?? [];
  return mb === undefined || ties.length === 0 ? [] : [mb, ...ties];
}

/** Why sizes cannot be told apart: their intervals overlap, or a size ran once and has none. */
function tieReason(outcome: TuneOutcome, sizes: readonly number[]): string {
  const single = outcome.sizes.some((s) => sizes.includes(s.mb) && s.durationMs?.ci95 === null);
  return single ? 'one run a size says nothing of its spread; give --runs 3 or more' : 'their 95 % intervals overlap';
}

/**
 * "Best for cost: 256 MB; fastest 1024 MB, balanced 512 MB." A pick inside the noise is never called best:
 * "For cost, 512 MB and 1769 MB cannot be told apart (their 95 % intervals overlap)", and the same for the others.
 */
function answerLine(outcome: TuneOutcome, chosen: number): string {
  const fitting = outcome.sizes.filter((s) => s.fits && !s.partial).length;
  const tied = tiedSizes(outcome, outcome.strategy);
  const others = STRATEGIES.filter((s) => s !== outcome.strategy && outcome.picks[s] !== undefined).map((s) => {
    const inNoise = tiedSizes(outcome, s);
    return inNoise.length > 0 ? `${NAMES[s]}: ${sizesText(inNoise)} cannot be told apart` : `${NAMES[s]} ${outcome.picks[s]} MB`;
  });
  if (tied.length > 0) {
    const rest = others.length > 0 ? ` Of the others, ${others.join('; ')}.` : '';
    return `For ${outcome.strategy}, ${sizesText(tied)} cannot be told apart (${tieReason(outcome, tied)}): no size is best; more --runs narrow the intervals.${rest}`;
  }
  const rest = fitting === 1 ? ', the only size that fits' : others.length > 0 ? `; ${others.join(', ')}` : '';
  const busy = outcome.hostLoad?.busy && fitting > 1 ? ' Measured on a busy host (see above): tune again when it is quiet to be sure.' : '';
  return `Best for ${outcome.strategy}: ${chosen} MB${rest}.${busy}`;
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
    `mean: trimmed mean of the durations, billed as the provider rounds it; ±95%: half its 95 % interval, as a share of it; $ per 1M requests, no free tier; dynamic: the same runs under the upscaling hull trained from them. CPU as the provider gives each size, a host core counted as ${grouped(outcome.cpuScale, 2)} vCPU.`,
  ];
  const busy = hostLoadNote(outcome.hostLoad ?? undefined, 'these runs');
  if (busy) notes.push(busy);
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
  const busy = outcome.hostLoad?.busy ?? false;
  const picks = Object.fromEntries(
    STRATEGIES.filter((s) => outcome.picks[s] !== undefined).map((s) => {
      const tiedWith = outcome.ties[s] ?? [];
      return [s, { mb: outcome.picks[s]!, confident: tiedWith.length === 0 && !busy, tiedWith }];
    }),
  );
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
        durationMs: size.durationMs ?? null,
        billedDurationMs: size.billedMs ?? null,
        costPerMillion: size.costPerMillion ?? null,
        costPerMillionCi95: size.costCi95 ?? null,
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
          ...(r.node !== undefined ? { node: r.node } : {}),
        })),
      })),
    },
    recommendations: outcome.picks,
    // Each pick with the sizes it cannot be told apart from: not confident when it has any, or when the host was busy.
    picks,
    confident: picks[outcome.strategy]?.confident ?? false,
    hostLoad: outcome.hostLoad,
    provider: outcome.provider,
    strategy: outcome.strategy,
    cpuScale: outcome.cpuScale,
    hostCpus: outcome.hostCpus,
    runsAtOnce: outcome.atOnce,
    interrupted: outcome.interrupted,
    ...(outcome.lost ? { lost: outcome.lost } : {}),
  };
}
