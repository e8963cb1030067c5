import type { CostEntry } from '../ops/price-result.js';
import type { RunResult } from '../tracer/tracer.js';
import { isPriced } from '../core/cost/compare.js';
import { samplingFellShort } from '../core/host-load.js';
import { renderTable, type TableColumn } from '../core/text-table.js';
import { hangingWrap } from '../core/text-width.js';
import { grouped, millis } from '../core/units.js';
import { formatCostLines } from './cost-report.js';

/** The object `run --json` prints: the run without its in-memory trace, plus its prices. */
export function runJson(result: RunResult, cost: CostEntry[]): Record<string, unknown> {
  const { trace: _trace, ...rest } = result;
  return { ...rest, cost };
}

/** The width of the labels before each fact, in every run report (a recorded run's too). */
export const REPORT_LABEL_WIDTH = 19;

export interface ReportLayout {
  /** Columns to fit; 80 when unknown. */
  width?: number;
  /** Every provider's figures in full, one a line, as the original printed them. */
  long?: boolean;
  /** Lines that go between the run's facts and its cost (the autotune summary). */
  before?: string[];
}

/**
 * Said when a run has under half the samples its interval promises: the
 * machine was too busy for the sampler, and short spikes may be merged into
 * fewer, longer windows (the peak still stands, as each sample is a window's mark).
 */
export function sampleShortfall(result: Pick<RunResult, 'samples' | 'samplesExpected'>): string | undefined {
  if (!samplingFellShort(result)) return undefined;
  return `fewer than the ~${result.samplesExpected!.toLocaleString('en-US')} expected: the host was busy`;
}

/**
 * The original's summary lines, then one row per provider, cheapest first,
 * then the answer in one line, so the end of the output (what stays on screen)
 * says what the run cost. With `long`, each provider's figures in full instead.
 */
export function formatRunReport(result: RunResult, cost: CostEntry[], layout: ReportLayout = {}): string {
  const width = layout.width ?? 80;
  const row = (label: string, value: string) => hangingWrap(label.padEnd(REPORT_LABEL_WIDTH), value, width);
  const lines = [
    ...row('Container', `${result.container} (removed)`),
    ...row('Image', result.image),
    ...row('Exit code', exitText(result)),
    ...row(
      'Max memory usage',
      `${grouped(result.peakBytes)} bytes, ${mib(result.peakBytes)} (${result.peakSource === 'kernel' ? "kernel's mark" : 'sampled'})`,
    ),
    ...row('Container runtime', `${millis(result.durationMs)} ms${durationCaveat(result)}`),
    ...row(
      'Samples',
      `${grouped(result.samples)} at ${grouped(result.samplesPerSecond)}/s, ${result.sampler} sampler` +
        (result.firstSampleLatencyMs === null ? '' : `, first ${result.firstSampleLatencyMs.toFixed(1)} ms after start`),
    ),
  ];
  const shortfall = sampleShortfall(result);
  if (shortfall) lines.push(...row('', shortfall));
  // What this host did not let the sampler do, so a figure is never read as more than it is.
  for (const note of result.samplingNotes) lines.push(...row('Note', note));
  if (result.rawCsv) lines.push(...row('Raw trace', result.rawCsv));
  if (result.outputFile) lines.push(...row('Its output', result.outputFile));
  // A failing function's own words are usually the reason: the lines that say so, each on one row; the rest is in the file.
  if (result.exitCode !== 0) lines.push(...tellingRows(result.tellingOutput, width));
  lines.push(...(layout.before ?? []), '', ...(layout.long ? longCost(cost, width) : costTable(cost, width)));
  const caveat = failedRunCaveat(result);
  if (caveat) lines.push(...hangingWrap('Note: ', caveat, width));
  return lines.join('\n');
}

/** A duration the engine did not bound says what bounds it instead. */
function durationCaveat(result: Pick<RunResult, 'durationSource'>): string {
  if (result.durationSource === 'unknown') return ' (not from the engine, which gave no finish time: to the last sample)';
  if (result.durationSource.endsWith('samples')) return " (the engine's finish came before its start: to the last sample)";
  return '';
}

/** Rows for what a failed function said: three fit beside the rest of a report at 80×24; the saved output has it all. */
const TELLING_ROWS = 3;

/**
 * The function's telling lines under one label, each wrapped beside it, three rows at most, the last cut with
 * "…" when more was said; shown as text, never obeyed (hangingWrap makes each word terminal-safe).
 */
function tellingRows(telling: readonly string[], width: number): string[] {
  const rows = telling.flatMap((line, i) => hangingWrap((i === 0 ? 'It said' : '').padEnd(REPORT_LABEL_WIDTH), line, width));
  if (rows.length <= TELLING_ROWS) return rows;
  const last = rows[TELLING_ROWS - 1]!;
  const cut = [...last].length < width ? `${last}…` : `${[...last].slice(0, width - 1).join('')}…`;
  return [...rows.slice(0, TELLING_ROWS - 1), cut];
}

type RunEndFacts = Pick<RunResult, 'exitCode' | 'oomKilled' | 'interrupted'>;

/** How a run ended, the first cause first: a stop cuts a run short before any kill or exit it would have had. */
export function runEnding(result: RunEndFacts): 'interrupted' | 'out of memory' | 'failed' | 'finished' {
  if (result.interrupted) return 'interrupted';
  if (result.oomKilled) return 'out of memory';
  return result.exitCode === 0 ? 'finished' : 'failed';
}

/** The exit code with everything that explains it, as every report says it. */
export function exitText(result: RunEndFacts): string {
  return `${result.exitCode}${result.oomKilled ? ' (killed: out of memory)' : ''}${result.interrupted ? ' (interrupted)' : ''}`;
}

/** A run that did not finish well is priced as it ran; the last line says so, where a reader's eye lands. */
function failedRunCaveat(result: RunEndFacts): string | undefined {
  switch (runEnding(result)) {
    case 'interrupted':
      return 'the run was interrupted, so these prices are for the part that ran.';
    case 'out of memory':
      return 'the run was killed for memory, so these prices are for a run cut short at its limit.';
    case 'failed':
      return `the function exited ${result.exitCode}, so these prices may not be those of a run that works.`;
    case 'finished':
      return undefined;
  }
}

function longCost(cost: CostEntry[], width: number): string[] {
  const lines: string[] = [];
  for (const entry of cost) {
    if (lines.length > 0) lines.push('');
    lines.push('requests' in entry ? `${entry.provider}, ${entry.requests.toLocaleString('en-US')} requests` : entry.provider);
    if ('error' in entry) lines.push(...hangingWrap('  cannot host this run: ', entry.error, width));
    else lines.push(...formatCostLines(entry, width));
  }
  // As the table's does, the last line answers the question, whatever scrolled past.
  return [...lines, ...cheapestLine(cost, width)];
}

function cheapestLine(cost: CostEntry[], width: number): string[] {
  const priced = cost.filter(isPriced);
  if (priced.length === 0) return [];
  const cheapest = priced.reduce((best, e) => (e.totalCost < best.totalCost ? e : best));
  const text = `${cheapest.provider}, $${perMillion(cheapest.totalCost, cheapest.requests)} per 1M requests at ${grouped(cheapest.allocatedMb)} MB`;
  return ['', ...hangingWrap('Cheapest: ', text, width)];
}

const RUN_COST_COLUMNS: TableColumn[] = [
  { header: 'provider', align: 'left', priority: 0 },
  { header: 'alloc MB', short: 'MB', align: 'right', priority: 1 },
  { header: 'billed ms', short: 'ms', align: 'right', priority: 1 },
  { header: '$ per 1M', short: '$/1M', align: 'right', priority: 0 },
  { header: 'overhead', short: 'ovh', align: 'right', priority: 2 },
  { header: 'wasted MB', short: 'waste', align: 'right', priority: 3 },
];

/** One row a provider, in the order given (the comparison's is cheapest first), and the answer last. */
function costTable(cost: CostEntry[], width: number): string[] {
  const priced = cost.filter(isPriced);
  if (priced.length === 0) return ['No provider can host this run:', ...unpriced(cost, width)];
  const requests = priced[0]!.requests;
  const rows = priced.map((e) => [
    e.provider,
    grouped(e.allocatedMb),
    `${grouped(e.billedDurationMs)}${e.model === 'cpu-time' ? ' cpu' : ''}`,
    perMillion(e.totalCost, requests),
    `${share(e.overheadCost, e.totalCost)} %`,
    grouped(e.wastedMb),
  ]);
  return [
    ...hangingWrap('', `Cost of ${grouped(requests)} requests; --long gives every figure`, width),
    ...renderTable(RUN_COST_COLUMNS, rows, width),
    ...unpriced(cost, width),
    ...cheapestLine(cost, width).slice(1),
  ];
}

function unpriced(cost: CostEntry[], width: number): string[] {
  return cost.flatMap((e) => ('error' in e ? hangingWrap(`  ${e.provider} cannot host it: `, e.error, width) : []));
}

const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MiB`;
/** Dollars per million requests, to the cent; under a cent, three significant digits. */
const perMillion = (total: number, requests: number) => {
  const value = (total / requests) * 1e6;
  return value >= 0.01 || value === 0 ? grouped(value, 2) : value.toPrecision(3);
};
/** A share in % with one decimal. */
const share = (part: number, whole: number) => grouped(whole > 0 ? (part / whole) * 100 : 0, 1);
