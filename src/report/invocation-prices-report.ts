import { isPricedInvocation, type InvocationCost } from '../core/cost/invocations.js';
import { renderTable, type TableColumn } from '../core/text-table.js';
import { hangingWrap, wrapWords } from '../core/text-width.js';
import { grouped } from '../core/units.js';
import type { InvocationPrices } from '../ops/invocation-prices.js';

const COLUMNS: TableColumn[] = [
  { header: 'provider', align: 'left', priority: 0 },
  { header: 'MB', align: 'right', priority: 2 },
  { header: 'warm billed ms', short: 'warm ms', align: 'right', priority: 3 },
  { header: 'cold billed ms', short: 'cold ms', align: 'right', priority: 3 },
  { header: 'init billed', short: 'init', align: 'left', priority: 1 },
  { header: 'init adds', short: '+init', align: 'right', priority: 2 },
  { header: 'total', align: 'right', priority: 0 },
];

/** Whether and since when the provider bills the init, as it applies on the date priced. */
function initBilledCell(cost: InvocationCost): string {
  const { billed, since } = cost.init;
  if (billed === 'as-duration') return since ? `since ${since}` : 'yes';
  return billed === 'not-billed' ? 'no' : 'not known';
}

/** To a hundredth of a cent: a million invocations of a small function cost cents, and its init a fraction of one. */
const dollars = (n: number) => `$${n.toFixed(4)}`;

/** Mean billed ms, to a tenth where the mean falls between whole ms. */
const billedMs = (ms: number) => grouped(ms, Number.isInteger(ms) ? 0 : 1);

/** The price table's parts, so a screen can draw its rows as a list: each row with the provider it prices. */
export interface InvocationPriceParts {
  /** What is priced, wrapped: the requests, the cold share, the date and the package type. */
  title: string[];
  header: string;
  /** Cheapest first, in the order of the providers priced. */
  rows: { provider: string; text: string }[];
  /** What cannot be priced, the notes and how the init is priced. */
  notes: string[];
  /** The cheapest, for the last line of a report. */
  answer: string[];
}

/**
 * The prices of `requests` invocations, cheapest first, each with its warm and cold billed durations and whether
 * the provider bills the init; then what cannot be priced, the notes and how the init is priced; and the answer.
 */
export function invocationPriceParts(prices: InvocationPrices, width = 80): InvocationPriceParts {
  const priced = prices.providers.filter(isPricedInvocation);
  const cells = priced.map((c) => [
    c.provider,
    grouped(c.allocatedMb),
    billedMs(c.warmBilledMs),
    billedMs(c.coldBilledMs),
    initBilledCell(c),
    dollars(c.initCost),
    dollars(c.totalCost),
  ]);
  const as = prices.packageType === 'image' ? 'an image' : 'a ZIP on a managed runtime';
  const title = wrapWords(
    `Cost of ${grouped(prices.requests)} invocations, ${grouped(prices.coldSharePct, decimals(prices.coldSharePct))} % cold, ` +
      `init billed as of ${prices.asOf} (${as})${prices.freeTier ? ', free tier taken off' : ''}`,
    width,
  );
  const [header, ...lines] = renderTable(COLUMNS, cells, width);
  const notes: string[] = [];
  for (const failed of prices.providers.filter((e) => !isPricedInvocation(e))) {
    notes.push(...noteLines(`${failed.provider}: ${'error' in failed ? failed.error : ''}`, width));
  }
  for (const [note, providers] of groupNotes(priced)) notes.push(...noteLines(`${providers.join(', ')}: ${note}`, width));
  notes.push(
    ...noteLines(
      "init: billed with the cold invocation's duration, up to the provider's cap (AWS: 10 s)" +
        (prices.initBounded ? '; one nothing saw start, at its bound (≤)' : '') +
        '; see --cold-share, --as-of, --package-type.',
      width,
    ),
  );
  const best = priced[0];
  const answer = best
    ? hangingWrap(
        'Cheapest: ',
        `${best.provider} at ${grouped(best.allocatedMb)} MB, ${dollars(best.totalCost)} per ${grouped(prices.requests)} invocations`,
        width,
      )
    : [];
  return { title, header: header!, rows: lines.map((text, i) => ({ provider: priced[i]!.provider, text })), notes, answer };
}

/**
 * A note under the table: its first line indented two, the rest four, so each note stands apart from the next
 * however long the providers it names.
 */
function noteLines(text: string, width: number): string[] {
  const lines = hangingWrap('    ', text, width);
  return lines.map((line, i) => (i === 0 ? line.replace(/^ {4}/, '  ') : line));
}

/** The table (title, header, rows, notes) and apart the answer, for a report that puts the answer last. */
export function invocationPriceSections(prices: InvocationPrices, width = 80): { table: string[]; answer: string[] } {
  const { title, header, rows, notes, answer } = invocationPriceParts(prices, width);
  return { table: [...title, header, ...rows.map((row) => row.text), ...notes], answer };
}

/** `cost --trace` on an invoked function's trace: the table, then the answer. */
export function formatInvocationPrices(prices: InvocationPrices, width = 80): string[] {
  const { table, answer } = invocationPriceSections(prices, width);
  return [...table, ...answer];
}

const decimals = (n: number) => (Number.isInteger(n) ? 0 : Math.min(3, String(n).split('.')[1]?.length ?? 0));

/** The same note on several providers (no warm invocation ran) is said once, naming them all. */
function groupNotes(priced: readonly InvocationCost[]): Map<string, string[]> {
  const byNote = new Map<string, string[]>();
  for (const cost of priced) {
    for (const note of cost.notes) byNote.set(note, [...(byNote.get(note) ?? []), cost.provider]);
  }
  return byNote;
}
