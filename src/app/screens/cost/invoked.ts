import { errorText } from '../../screen-error.js';
import type { InvokedPricing } from '../../screen-pricing.js';
import { hangingWrap, wrapWords } from '../../../core/text-width.js';
import { invocationPriceParts } from '../../../report/invocation-prices-report.js';

/** The price table's width in the pane: its two borders, the list's › and space, and the ✓ take five columns. */
export const invokedTableWidth = (width: number) => Math.max(20, width - 5);

/** A line of the pane's list: a provider's row (Enter picks it), or a note under the table. */
interface InvokedLine {
  text: string;
  provider?: string;
}

/** The invoked function's prices as the pane draws them: `cost --trace`'s text at the table's width, line for line. */
export interface InvokedTable {
  /** Above the header: what is priced (requests, cold share, date, package type). */
  intro: string[];
  header: string;
  /** The providers' rows, then the notes, the answer and where the defaults come from: one list to scroll. */
  lines: InvokedLine[];
}

/** Said on screen: the TUI's settings have no field for these three, so they are `cost --trace`'s own defaults. */
const INVOKED_DEFAULTS =
  "the cold share, the date and the package type are cost --trace's defaults; it takes --cold-share, --as-of and --package-type.";

/** The lines of an invoked function's prices at the screen's width; one that cannot be priced says why. */
export function invokedTable(invoked: InvokedPricing, width: number): InvokedTable {
  const tableWidth = invokedTableWidth(width);
  if ('error' in invoked)
    return { intro: [], header: '', lines: wrapWords(errorText(invoked.error), tableWidth).map((text) => ({ text })) };
  const { title, header, rows, notes, answer } = invocationPriceParts(invoked.prices, tableWidth);
  const defaults = hangingWrap('  here: ', INVOKED_DEFAULTS, tableWidth);
  return { intro: title, header, lines: [...rows, ...[...notes, ...answer, ...defaults].map((text) => ({ text }))] };
}
