import { renderTable, type TableColumn } from '../core/text-table.js';
import { hangingWrap } from '../core/text-width.js';
import { summarize } from '../core/stats.js';
import { grouped, MIB } from '../core/units.js';
import type { InvokedMultiOutcome, InvokedRunFigures } from '../ops/multi-invoke.js';
import { costDigits } from './multi-cells.js';
import { invokeJson } from './invoke-report.js';

/** Per run: the init apart from the warm invocations; the cost is the whole session's, as in the .dat. */
const COLUMNS: TableColumn[] = [
  { header: 'run', align: 'right', priority: 0 },
  { header: 'init ms', short: 'init', align: 'right', priority: 0 },
  { header: 'init MiB', short: 'iMiB', align: 'right', priority: 2 },
  { header: 'cold ms', short: 'cold', align: 'right', priority: 1 },
  { header: 'warm ms', short: 'warm', align: 'right', priority: 0 },
  { header: 'warm MiB', short: 'wMiB', align: 'right', priority: 0 },
  { header: 'warm', short: 'n', align: 'right', priority: 3 },
  { header: 'failed', short: 'fail', align: 'right', priority: 1 },
  { header: 'cost $', short: '$', align: 'right', priority: 2 },
];

const ms = (n: number | null) => (n === null ? '–' : grouped(n, 2));
const mib = (bytes: number | null) => (bytes === null ? '–' : (bytes / MIB).toFixed(1));

function cells(f: InvokedRunFigures, index: number, cost: number | undefined, digits: number): string[] {
  return [
    String(index + 1),
    ms(f.initMs),
    mib(f.initPeakBytes),
    ms(f.coldMs),
    ms(f.warmMedianMs),
    mib(f.warmPeakBytes),
    String(f.warm),
    String(f.failed),
    cost === undefined ? '–' : grouped(cost, digits),
  ];
}

/** The figures over every run: the warm invocations' medians and top, the inits', each said with how many it is over. */
function summaryLines(figures: readonly InvokedRunFigures[], width: number): string[] {
  const of = (pick: (f: InvokedRunFigures) => number | null) => figures.flatMap((f) => (pick(f) === null ? [] : [pick(f)!]));
  const line = (label: string, values: number[], peaks: number[]) =>
    values.length === 0
      ? []
      : hangingWrap(
          '',
          `${label}: median ${grouped(summarize(values).median, 2)} ms (${grouped(Math.min(...values), 2)}–${grouped(Math.max(...values), 2)}) over ${values.length} run(s)${peaks.length > 0 ? `, peak up to ${(Math.max(...peaks) / MIB).toFixed(1)} MiB` : ''}.`,
          width,
        );
  return [
    ...line(
      'Init',
      of((f) => f.initMs),
      of((f) => f.initPeakBytes),
    ),
    ...line(
      'Cold invocation',
      of((f) => f.coldMs),
      [],
    ),
    ...line(
      'Warm (each run’s median)',
      of((f) => f.warmMedianMs),
      of((f) => f.warmPeakBytes),
    ),
  ];
}

/** `multi` on a Lambda-style function: a row per session, the init apart, then the figures over all and the files. */
export function formatInvokedMultiReport(outcome: InvokedMultiOutcome, provider: string, width = 80): string {
  const { figures, table, files } = outcome;
  const digits = costDigits(table.rows);
  const rows = figures.map((f, i) => cells(f, i, table.rows[i]?.totalCost, digits));
  const first = outcome.sessions[0];
  const title = `${figures.length} run(s) of ${first?.image ?? 'the function'}, ${first?.invocations.length ?? 0} invocations each, at ${first?.memorySizeMb ?? '?'} MB; cost of each whole run on ${provider}${outcome.interrupted ? ' (interrupted: the finished runs are kept)' : ''}`;
  return [
    ...hangingWrap('', title, width),
    ...renderTable(COLUMNS, rows, width),
    '',
    ...summaryLines(figures, width),
    ...hangingWrap(
      '',
      "warm: the median Duration and the highest Max Memory Used of a run's warm invocations that answered; each phase's peak is the kernel's mark over it alone.",
      width,
    ),
    '',
    ...(files ? [...hangingWrap('Table: ', files.dat, width), ...hangingWrap('CSV:   ', files.csv, width)] : []),
  ].join('\n');
}

/** --json: the whole runs as multi gives them, with each session's invocations and figures. */
export function invokedMultiJson(outcome: InvokedMultiOutcome) {
  return {
    runs: outcome.sessions.map((s, i) => ({
      ...invokeJson(s),
      // On a swarm, the node the session ran on (all its containers ran there).
      ...(s.runs[0]?.node !== undefined ? { node: s.runs[0].node } : {}),
      figures: outcome.figures[i],
      dat: outcome.table.rows[i] ?? null,
    })),
    dat: outcome.files?.dat ?? null,
    csv: outcome.files?.csv ?? null,
    stats: outcome.table.stats ?? null,
    hostLoad: outcome.hostLoad,
    interrupted: outcome.interrupted,
    ...(outcome.lost ? { lost: outcome.lost } : {}),
  };
}
