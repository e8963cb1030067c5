import { summarize } from '../core/stats.js';
import { renderTable, type TableColumn } from '../core/text-table.js';
import { hangingWrap } from '../core/text-width.js';
import { grouped } from '../core/units.js';
import type { InvocationPrices } from '../ops/invocation-prices.js';
import type { InvocationFigures, InvokeResult } from '../ops/invoke.js';
import { invocationPriceSections } from './invocation-prices-report.js';
import { REPORT_LABEL_WIDTH } from './run-report.js';
import { mb } from './figures.js';

/**
 * The object `invoke --json` prints: the session's figures, each container's run without its in-memory trace, and
 * the prices (null where no invocation ran to its end).
 */
export function invokeJson(result: InvokeResult, prices: InvocationPrices | null = null): Record<string, unknown> {
  const runs = result.runs.map(({ trace: _trace, ...run }) => run);
  return { ...result, runs, prices };
}

/** In Lambda's REPORT-line terms, shortened as the width asks; Duration and Max Memory Used are never dropped. */
const COLUMNS: TableColumn[] = [
  { header: '#', align: 'right', priority: 0 },
  { header: 'start', align: 'left', priority: 2 },
  { header: 'Duration', short: 'ms', align: 'right', priority: 0 },
  { header: 'Billed', align: 'right', priority: 1 },
  { header: 'Max Memory Used', short: 'max used', align: 'right', priority: 0 },
  { header: 'Init Duration', short: 'init', align: 'right', priority: 3 },
  { header: 'result', align: 'left', priority: 1 },
];

/** Rows a report shows before it elides the middle of a long session: the table fits 80×24 with what follows it. */
const SHOWN_HEAD = 8;
const SHOWN_TAIL = 3;

const ms = (n: number) => `${grouped(n, 2)} ms`;
const seconds = (n: number) => `${grouped(n / 1000, n % 1000 === 0 ? 0 : 2)} s`;
const median = (values: number[]) => summarize(values).median;
const peak = (bytes: number | null) => (bytes === null ? 'n/a' : mb(bytes));
type Init = InvokeResult['inits'][number];
/** Where the function found the API, over which network, and why that one: `172.17.0.1:40833, bridge network`. */
function runtimeApiLine(result: InvokeResult): string {
  const over = result.network === 'bridge' ? 'bridge network' : `host network (${result.networkWhy})`;
  return `${result.apiAddress}, ${over}`;
}

/** An init nothing saw start is given as the most it can have lasted. */
const initMs = (init: Init) => (init.durationAtMostMs === null ? ms(init.durationMs) : `≤ ${ms(init.durationAtMostMs)}`);

/**
 * The session in the platform's own terms: the function and its memory size, each container's init and each
 * invocation with its Duration, Billed Duration, Max Memory Used (the kernel's mark over that invocation alone) and,
 * on a cold start, Init Duration; then cold against warm, the errors, the prices on every provider, and the files;
 * last, the cheapest, so the report's last screen answers what the function costs.
 */
export function formatInvokeReport(result: InvokeResult, width = 80, prices: InvocationPrices | null = null): string {
  const row = (label: string, value: string) => hangingWrap(label.padEnd(REPORT_LABEL_WIDTH), value, width);
  const lines = [
    ...row('Function', `${result.image}, as ${result.functionName}`),
    ...row('Memory size', `${grouped(result.memorySizeMb)} MB, timeout ${seconds(result.timeoutMs)}`),
    ...row('Runtime API', runtimeApiLine(result)),
    '',
    ...renderTable(COLUMNS, tableRows(result), width),
    '',
    ...summary(result).flatMap((text) => hangingWrap('', text, width)),
  ];
  for (const failed of result.invocations.filter((i) => i.outcome !== 'response').slice(0, 3)) {
    lines.push(
      ...hangingWrap(
        `${failed.invocation}: `.padStart(6),
        `${failed.errorType ?? failed.outcome}: ${failed.errorMessage ?? ''}`.trim(),
        width,
      ),
    );
  }
  const priced = prices ? invocationPriceSections(prices, width) : { table: [], answer: [] };
  if (priced.table.length > 0) lines.push('', ...priced.table);
  const notes = [...result.notes, ...new Set(result.runs.flatMap((run) => run.samplingNotes))];
  for (const note of notes) lines.push(...row('Note', note));
  for (const run of result.runs) lines.push(...row('Raw trace', run.rawCsv ?? '(not written)'));
  for (const file of result.responseFiles) lines.push(...row('Responses', file));
  if (result.interrupted) lines.push(...hangingWrap('Note: ', 'the session was interrupted: these are the invocations that ran.', width));
  lines.push(...priced.answer);
  return lines.join('\n');
}

/** Each container's init, then its invocations; a long session keeps its first and last rows. */
function tableRows(result: InvokeResult): string[][] {
  const rows: string[][] = [];
  for (const [container] of result.runs.entries()) {
    const init = result.inits.find((i) => i.container === container);
    if (init) rows.push(['init', '', initMs(init), `${grouped(init.billedDurationMs)} ms`, peak(init.maxMemoryUsedBytes), '', '']);
    rows.push(...result.invocations.filter((i) => i.container === container).map((i) => invocationRow(i, init)));
  }
  if (rows.length <= SHOWN_HEAD + SHOWN_TAIL + 1) return rows;
  const hidden = rows.length - SHOWN_HEAD - SHOWN_TAIL;
  return [...rows.slice(0, SHOWN_HEAD), ['…', `${grouped(hidden)} more in --json and the run record`], ...rows.slice(-SHOWN_TAIL)];
}

function invocationRow(i: InvocationFigures, init: Init | undefined): string[] {
  return [
    String(i.invocation),
    i.cold ? 'cold' : 'warm',
    ms(i.durationMs),
    `${grouped(i.billedDurationMs)} ms`,
    peak(i.maxMemoryUsedBytes),
    i.initDurationMs === null || !init ? '' : initMs(init),
    i.outcome === 'response' ? 'response' : (i.errorType ?? i.outcome),
  ];
}

const bounded = (result: InvokeResult) => result.inits.some((i) => i.durationAtMostMs !== null);

/** Cold against warm, in a line each, and where the figures come from. */
function summary(result: InvokeResult): string[] {
  const all = result.invocations;
  if (all.length === 0) return ['No invocation ran.'];
  const cold = all.filter((i) => i.cold);
  const warm = all.filter((i) => !i.cold);
  const highest = (list: InvocationFigures[]) => Math.max(...list.map((i) => i.maxMemoryUsedBytes ?? 0));
  const lines = [
    `${all.length} invocation${all.length === 1 ? '' : 's'}, ${all.filter((i) => i.outcome === 'response').length} answered, ${cold.length} cold.`,
  ];
  if (cold.length > 0) {
    const inits = result.inits.map((i) => i.durationAtMostMs ?? i.durationMs);
    lines.push(
      `Cold: Init Duration median ${bounded(result) ? '≤ ' : ''}${ms(median(inits))}, Duration median ${ms(median(cold.map((i) => i.durationMs)))}, Max Memory Used up to ${mb(highest(cold))}.`,
    );
  }
  if (warm.length > 0) {
    lines.push(`Warm: Duration median ${ms(median(warm.map((i) => i.durationMs)))}, Max Memory Used up to ${mb(highest(warm))}.`);
  }
  lines.push("Max Memory Used is the kernel's mark over each phase alone.");
  if (bounded(result)) {
    lines.push('≤: the runtime asked for its first event before its start was seen; its init took at most that, from the start request.');
  }
  return lines;
}
