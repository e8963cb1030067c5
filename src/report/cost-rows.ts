import { grouped } from '../core/units.js';
import type { CostEntry } from '../ops/price-result.js';

interface Column {
  title: string;
  width: number;
  cell: (entry: Extract<CostEntry, { usedMb: number }>) => string;
}

const money = (n: number) => `$${n.toFixed(2)}`;
// grouped never gives "-0.0", so a rounding-to-zero difference reads +0.0%.
const pct = (n: number | null) => {
  // The free tier left no net cost to compare with.
  if (n === null) return 'n/a';
  const text = grouped(n, 1);
  return `${text.startsWith('-') ? '' : '+'}${text}%`;
};

/** In the order they are dropped last: the narrowest terminal keeps the first ones. */
const COLUMNS: Column[] = [
  { title: 'total', width: 11, cell: (e) => money(e.totalCost) },
  { title: 'MB used/alloc', width: 15, cell: (e) => `${e.usedMb}/${e.allocatedMb}` },
  { title: 'billed ms', width: 10, cell: (e) => String(e.billedDurationMs) },
  { title: 'overhead', width: 10, cell: (e) => money(e.overheadCost) },
  { title: '+mem', width: 8, cell: (e) => pct(e.wastedMemoryPct) },
  { title: '+time', width: 8, cell: (e) => pct(e.wastedTimePct) },
  { title: 'net', width: 10, cell: (e) => money(e.netCost) },
];

export interface CostTable {
  header: string;
  rows: { provider: string; text: string; error: boolean }[];
}

/**
 * The provider comparison as fixed-width text: as many columns as the width
 * holds, in the order above. A provider that cannot host the run says why.
 * The header is indented by `indent`, the room the rows' markers take.
 */
export function costTable(entries: CostEntry[], width: number, indent = 0): CostTable {
  const nameWidth = Math.max(8, ...entries.map((e) => e.provider.length)) + 1;
  const columns: Column[] = [];
  let used = nameWidth + indent;
  for (const column of COLUMNS) {
    if (used + column.width > width) break;
    columns.push(column);
    used += column.width;
  }
  const header = `${' '.repeat(indent)}${'provider'.padEnd(nameWidth)}${columns.map((c) => c.title.padStart(c.width)).join('')}`;
  const rows = entries.map((entry) => {
    if ('error' in entry)
      return { provider: entry.provider, text: `${entry.provider.padEnd(nameWidth)}cannot host this run: ${entry.error}`, error: true };
    return {
      provider: entry.provider,
      text: `${entry.provider.padEnd(nameWidth)}${columns.map((c) => c.cell(entry).padStart(c.width)).join('')}`,
      error: false,
    };
  });
  return { header, rows };
}
