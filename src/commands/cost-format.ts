import { isPriced, type CostEntry, type Recommendation } from '../core/cost/compare.js';
import type { CostReport } from '../core/cost/pricing.js';

/** Cents for ordinary sums; a few significant digits for the fractions of a cent one request costs. */
export function money(n: number): string {
  const sign = n < 0 ? '-' : '';
  const abs = Math.abs(n);
  if (abs === 0 || abs >= 0.01) return `${sign}$${abs.toFixed(2)}`;
  return `${sign}$${abs.toPrecision(3)}`;
}

export const pct = (n: number) => `${n >= 0 ? '+' : ''}${n.toFixed(2)} %`;
const row = (label: string, value: string) => `${label.padEnd(33)} ${value}`;

/** One provider's figures, one a line, as the original's report printed them. */
export function formatCostLines(entry: CostReport): string[] {
  const unit = entry.model === 'cpu-time' ? 'CPU ms' : 'ms';
  return [
    row('  Memory used / allocated', `${entry.usedMb} MB / ${entry.allocatedMb} MB`),
    row('  Billed duration', `${entry.billedDurationMs} ${unit}`),
    row('  Total cost', money(entry.totalCost)),
    row('  Net / overhead cost', `${money(entry.netCost)} / ${money(entry.overheadCost)}`),
    row('  Price increase, unused memory', pct(entry.wastedMemoryPct)),
    row('  Price increase, unused time', pct(entry.wastedTimePct)),
    row('  Wasted time', `${entry.wastedMs.toFixed(3)} ${unit}`),
    row('  Wasted memory', `${entry.wastedMb} MB`),
    ...(entry.note ? [row('  Note', entry.note)] : []),
  ];
}

export function formatRecommendation(rec: Recommendation | { provider: string; error: string }): string[] {
  if ('error' in rec) return [row('  Cheapest that fits', `none: ${rec.error}`)];
  const lines = [row('  Cheapest that fits', `${rec.recommendedMb} MB, ${money(rec.recommendedCost)}`)];
  const s = rec.staticChoice;
  if (s) {
    const label = `  Static choice (${s.source} ${s.mb} MB)`;
    lines.push(
      s.cost === null
        ? row(label, `cannot host the run: ${s.error ?? 'too small'}`)
        : row(label, `${money(s.cost)}, ${money(s.wastedCost ?? 0)} more (${pct(s.wastedPct ?? 0)})`),
    );
  }
  if (rec.note) lines.push(row('  Note', rec.note));
  return lines;
}

const COLUMNS = ['provider', 'used MB', 'alloc MB', 'billed ms', 'total', 'net', 'overhead', 'unused mem', 'unused time'];

/** The comparison: a table cheapest first, the providers that cannot host the run, then the recommendations. */
export function formatComparison(
  entries: readonly CostEntry[],
  recs: ReadonlyArray<Recommendation | { provider: string; error: string }>,
  requests: number,
): string {
  const rows = entries
    .filter(isPriced)
    .map((e) => [
      e.provider,
      String(e.usedMb),
      String(e.allocatedMb),
      e.model === 'cpu-time' ? `${e.billedDurationMs} cpu` : String(e.billedDurationMs),
      money(e.totalCost),
      money(e.netCost),
      money(e.overheadCost),
      pct(e.wastedMemoryPct),
      pct(e.wastedTimePct),
    ]);
  const widths = COLUMNS.map((c, i) => Math.max(c.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!)))
      .join('  ')
      .trimEnd();
  const out = [`Cost of ${requests.toLocaleString('en-US')} requests, cheapest first`, '', line(COLUMNS), ...rows.map(line)];
  const failed = entries.filter((e): e is { provider: string; error: string } => !isPriced(e));
  if (failed.length > 0) out.push('', 'Cannot host this run:', ...failed.map((e) => `  ${e.provider}: ${e.error}`));
  const notes = entries.filter(isPriced).filter((e) => e.note);
  if (notes.length > 0) out.push('', 'Notes:', ...notes.map((e) => `  ${e.provider}: ${e.note}`));
  out.push('', 'Recommendations');
  for (const rec of recs) {
    if (!('error' in rec)) out.push(rec.provider, ...formatRecommendation(rec));
  }
  return out.join('\n');
}
