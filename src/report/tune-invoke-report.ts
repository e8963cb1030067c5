import { renderTable, type TableColumn } from '../core/text-table.js';
import { hangingWrap } from '../core/text-width.js';
import { grouped, MIB } from '../core/units.js';
import type { DurationSpread, InvokedSizeOutcome, InvokedTuneOutcome } from '../ops/tune-invoke.js';

const COLUMNS: TableColumn[] = [
  { header: 'MB', align: 'right', priority: 0 },
  { header: 'init ms', short: 'init', align: 'right', priority: 1 },
  { header: 'cold ms', short: 'cold', align: 'right', priority: 0 },
  { header: 'warm ms', short: 'warm', align: 'right', priority: 0 },
  { header: 'warm range', short: 'range', align: 'right', priority: 2 },
  { header: 'peak MiB', short: 'MiB', align: 'right', priority: 1 },
  { header: 'warm $/1M', short: 'warm $', align: 'right', priority: 0 },
  { header: 'cold $/1M', short: 'cold $', align: 'right', priority: 0 },
];

const ms = (s: DurationSpread | null) => (s === null ? '–' : grouped(s.median, 1));
const money = (n: number | undefined) => (n === undefined ? '–' : grouped(n, 4));

function cells(size: InvokedSizeOutcome): string[] {
  if (!size.fits) return [String(size.mb), ms(size.init), '', 'does not fit', '', '', '', ''];
  return [
    String(size.mb),
    ms(size.init),
    ms(size.cold),
    ms(size.warm),
    size.warm ? `${grouped(size.warm.min, 1)}–${grouped(size.warm.max, 1)}` : '–',
    size.peakBytes === null ? '–' : (size.peakBytes / MIB).toFixed(1),
    money(size.warmCostPerMillion),
    money(size.coldCostPerMillion),
  ];
}

/** The best size by one figure, or the sizes it cannot be told from: their warm durations' ranges overlap. */
function pick(sizes: readonly InvokedSizeOutcome[], label: string, by: (s: InvokedSizeOutcome) => number): string {
  const best = sizes.reduce((a, b) => (by(b) < by(a) ? b : a));
  const overlap = (a: DurationSpread, b: DurationSpread) => a.min <= b.max && b.min <= a.max;
  const tied = sizes.filter((s) => s !== best && overlap(s.warm!, best.warm!)).map((s) => `${s.mb} MB`);
  return tied.length === 0
    ? `${label}: ${best.mb} MB`
    : `${label}: ${best.mb} MB, but its warm durations overlap ${tied.join(', ')}'s, which it cannot be told apart from`;
}

/** `tune` of a Lambda-style function: per size the init, cold and warm medians and costs, then the cheapest and fastest warm. */
export function formatInvokedTuneReport(outcome: InvokedTuneOutcome, width = 80): string {
  const first = outcome.sizes.find((s) => s.sessions.length > 0)?.sessions[0];
  const invocations = first?.invocations.length ?? 0;
  const runs = Math.max(0, ...outcome.sizes.map((s) => s.sessions.length));
  const title = `${outcome.title} invoked at ${outcome.sizes.length} sizes on ${outcome.provider}, ${runs} session(s) of ${invocations} invocations a size${outcome.interrupted ? ' (interrupted)' : ''}`;
  const fitting = outcome.sizes.filter((s) => s.fits && s.warm && s.warmCostPerMillion !== undefined);
  const failures = outcome.sizes.filter((s) => !s.fits).map((s) => `${s.mb} MB: ${s.failure}`);
  return [
    ...hangingWrap('', title, width),
    ...renderTable(COLUMNS, outcome.sizes.map(cells), width),
    '',
    ...hangingWrap(
      '',
      "Medians: init (kept apart), the cold invocation and the warm ones; range: the warm ones' fastest to slowest. $ per 1M invocations, no free tier: all warm, or all cold with each init billed with its invocation.",
      width,
    ),
    ...failures.flatMap((f) => hangingWrap('Does not fit: ', f, width)),
    ...(fitting.length > 0
      ? [
          ...hangingWrap('', `${pick(fitting, 'Cheapest warm', (s) => s.warmCostPerMillion!)}.`, width),
          ...hangingWrap('', `${pick(fitting, 'Fastest warm', (s) => s.warm!.median)}.`, width),
        ]
      : ['No size fitted.']),
  ].join('\n');
}

/** --json: every figure, each session as `invoke --json` gives it. */
export function invokedTuneJson(outcome: InvokedTuneOutcome) {
  return {
    ...outcome,
    sizes: outcome.sizes.map(({ sessions, ...size }) => ({
      ...size,
      sessions: sessions.map((s) => ({ ...s, runs: s.runs.map(({ trace: _trace, ...run }) => run) })),
    })),
  };
}
