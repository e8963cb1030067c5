import { isPriced, type CostEntry, type Recommendation } from '../core/cost/compare.js';
import type { CostReport } from '../core/cost/price-run.js';
import { renderTable, type TableColumn } from '../core/text-table.js';
import { hangingWrap, wrapWords } from '../core/text-width.js';
import { grouped, millis } from '../core/units.js';

/** Cents for ordinary sums; a few significant digits for the fractions of a cent one request costs. */
function money(n: number): string {
  const sign = n < 0 ? '-' : '';
  const abs = Math.abs(n);
  if (abs === 0 || abs >= 0.01) return `${sign}$${abs.toFixed(2)}`;
  return `${sign}$${abs.toPrecision(3)}`;
}

/** A % increase; n/a where the free tier leaves no net cost to compare with. */
const pct = (n: number | null) => (n === null ? 'n/a' : `${n >= 0 ? '+' : ''}${n.toFixed(2)} %`);
const pctSaid = (n: number | null) => (n === null ? 'n/a: the free tier pays for all the run needs' : pct(n));
/** A label and its value, the value wrapped beside it so no line passes the width. */
const row = (label: string, value: string, width: number) => hangingWrap(`${label.padEnd(33)} `, value, width).join('\n');

/** One provider's figures, one a line, as the original's report printed them. */
export function formatCostLines(entry: CostReport, width = 80): string[] {
  const unit = entry.model === 'cpu-time' ? 'CPU ms' : 'ms';
  return [
    row('  Memory used / allocated', `${grouped(entry.usedMb)} MiB / ${grouped(entry.allocatedMb)} MB`, width),
    row('  Billed duration', `${millis(entry.billedDurationMs)} ${unit}`, width),
    row('  Total cost', money(entry.totalCost), width),
    row('  Net / overhead cost', `${money(entry.netCost)} / ${money(entry.overheadCost)}`, width),
    row('  Price increase, unused memory', pctSaid(entry.wastedMemoryPct), width),
    row('  Price increase, unused time', pctSaid(entry.wastedTimePct), width),
    row('  Wasted time', `${millis(entry.wastedMs)} ${unit}`, width),
    row('  Wasted memory', `${grouped(entry.wastedMb)} MB`, width),
    ...(entry.note ? [row('  Note', entry.note, width)] : []),
  ];
}

/** `cost --provider`: the run on one provider, every figure a line, then the cheapest size that fits it. */
export function formatProviderCost(report: CostReport, recommendation: RecommendationEntry, width = 80): string {
  return [
    `${report.provider}, ${report.requests.toLocaleString('en-US')} requests`,
    ...formatCostLines(report, width),
    'Recommendation',
    ...formatRecommendation(recommendation, width),
  ].join('\n');
}

function formatRecommendation(rec: RecommendationEntry, width: number): string[] {
  if ('error' in rec) return [row('  Cheapest that fits', `none: ${rec.error}`, width)];
  const lines = [row('  Cheapest that fits', `${grouped(rec.recommendedMb)} MB, ${money(rec.recommendedCost)}`, width)];
  const s = rec.staticChoice;
  if (s) {
    const label = `  Static choice (${s.source} ${s.mb} MB)`;
    lines.push(
      s.cost === null
        ? row(label, `cannot host the run: ${s.error ?? 'too small'}`, width)
        : row(label, `${money(s.cost)}, ${money(s.wastedCost ?? 0)} more (${pct(s.wastedPct ?? 0)})`, width),
    );
  }
  if (rec.note) lines.push(row('  Note', rec.note, width));
  return lines;
}

const COMPARISON_COLUMNS: TableColumn[] = [
  { header: 'provider', align: 'left', priority: 0 },
  { header: 'used MiB', short: 'used', align: 'right', priority: 4 },
  { header: 'alloc MB', short: 'MB', align: 'right', priority: 1 },
  { header: 'billed ms', short: 'ms', align: 'right', priority: 1 },
  { header: 'total', align: 'right', priority: 0 },
  { header: 'net', align: 'right', priority: 3 },
  { header: 'overhead', short: 'ovh', align: 'right', priority: 2 },
  { header: 'unused mem', short: '+mem', align: 'right', priority: 5 },
  { header: 'unused time', short: '+time', align: 'right', priority: 5 },
];

const CHOICE_COLUMNS: TableColumn[] = [
  { header: 'provider', align: 'left', priority: 0 },
  { header: 'best MB', short: 'best', align: 'right', priority: 0 },
  { header: 'cost', align: 'right', priority: 0 },
  { header: 'static', align: 'left', priority: 2 },
  { header: 'static cost', short: 'cost', align: 'right', priority: 1 },
  { header: 'more', align: 'right', priority: 1 },
];

type RecommendationEntry = Recommendation | { provider: string; error: string };

/**
 * The comparison in `width` columns: a table cheapest first, what cannot host
 * the run, the notes, each provider's cheapest size against its static choice,
 * and last the cheapest of all, so the end of the output answers the question.
 */
export function formatComparison(
  entries: readonly CostEntry[],
  recs: readonly RecommendationEntry[],
  requests: number,
  width = 80,
): string {
  const priced = entries.filter(isPriced);
  const rows = priced.map((e) => [
    e.provider,
    String(e.usedMb),
    String(e.allocatedMb),
    `${e.billedDurationMs.toLocaleString('en-US')}${e.model === 'cpu-time' ? ' cpu' : ''}`,
    money(e.totalCost),
    money(e.netCost),
    money(e.overheadCost),
    pct(e.wastedMemoryPct),
    pct(e.wastedTimePct),
  ]);
  const out = [
    ...wrapWords(`Cost of ${requests.toLocaleString('en-US')} requests, cheapest first`, width),
    ...renderTable(COMPARISON_COLUMNS, rows, width),
  ];
  const failed = entries.filter((e): e is { provider: string; error: string } => !isPriced(e));
  if (failed.length > 0) out.push('', 'Cannot host this run:', ...failed.flatMap((e) => hangingWrap(`  ${e.provider}: `, e.error, width)));
  const notes = priced.filter((e) => e.note);
  if (notes.length > 0) out.push('', 'Notes:', ...notes.flatMap((e) => hangingWrap(`  ${e.provider}: `, e.note!, width)));
  out.push('', ...choiceTable(recs, width));
  // The answer is the cheapest size that fits, the choice table's first row; the first table's winner, at the
  // allocation given, is said too where it differs, so the last line never contradicts a table above it.
  const best = recs.find((r): r is Recommendation => !('error' in r));
  const asPriced = priced[0];
  const ends: string[] = [];
  if (asPriced && !(best && best.provider === asPriced.provider && best.recommendedMb === asPriced.allocatedMb))
    ends.push(
      ...hangingWrap('As priced above: ', `${asPriced.provider} at ${asPriced.allocatedMb} MB, ${money(asPriced.totalCost)}`, width),
    );
  if (best) ends.push(...hangingWrap('Cheapest: ', `${best.provider} at ${best.recommendedMb} MB, ${money(best.recommendedCost)}`, width));
  if (ends.length > 0) out.push('', ...ends);
  return out.join('\n');
}

/** Each provider's cheapest size that fits, in the order given (cheapest first), beside what a static choice (the user's or the provider's default) costs. */
function choiceTable(recs: readonly RecommendationEntry[], width: number): string[] {
  const usable = recs.filter((r): r is Recommendation => !('error' in r));
  const rows = usable.map((r) => {
    const s = r.staticChoice;
    const staticCells =
      s === null
        ? ['', '', '']
        : s.cost === null
          ? [`${s.source} ${s.mb} MB`, 'too small', '']
          : [`${s.source} ${s.mb} MB`, money(s.cost), pct(s.wastedPct ?? 0)];
    return [r.provider, String(r.recommendedMb), money(r.recommendedCost), ...staticCells];
  });
  // The notes name their provider already.
  const notes = usable.filter((r) => r.note).flatMap((r) => hangingWrap('  ', r.note!, width));
  return [...wrapWords('Cheapest size that fits, against a static choice', width), ...renderTable(CHOICE_COLUMNS, rows, width), ...notes];
}
