import { wrapWords } from '../../core/text-width.js';
import { helpLine, type HelpEntry } from '../key-bindings.js';

/** A row of the help overlay; titles are drawn bold. */
export interface HelpRow {
  text: string;
  title?: boolean;
}

/**
 * The help overlay as rows, at most `rows` of them: the screen's keys, then
 * those that work everywhere. Short of room it drops the blank rows first,
 * then puts the keys that work everywhere on one line, and only then cuts
 * the screen's list, saying how many keys a taller terminal would show.
 */
export function helpRows(screen: string, own: readonly HelpEntry[], shared: readonly HelpEntry[], width: number, rows: number): HelpRow[] {
  const head: HelpRow = { text: 'Help · ? or Esc closes', title: true };
  const ownRows = own.map((entry) => ({ text: helpLine(entry) }));
  const sharedRows = [{ text: 'Everywhere', title: true }, ...shared.map((entry) => ({ text: helpLine(entry) }))];
  const blank = { text: '' };
  const full = [head, blank, { text: screen, title: true }, ...ownRows, blank, ...sharedRows];
  if (full.length <= rows) return full;
  const parted = [head, { text: screen, title: true }, ...ownRows, blank, ...sharedRows];
  if (parted.length <= rows) return parted;
  const tight = [head, { text: screen, title: true }, ...ownRows, ...sharedRows];
  if (tight.length <= rows) return tight;
  const everywhere = wrapWords(`Everywhere: ${shared.map((entry) => `${entry.keys} ${entry.action}`).join(' · ')}`, width).map((text) => ({
    text,
  }));
  const room = Math.max(1, rows - 2 - everywhere.length);
  const listed =
    ownRows.length <= room
      ? ownRows
      : [...ownRows.slice(0, room - 1), { text: `  … ${ownRows.length - room + 1} more: a taller terminal shows them` }];
  return [head, { text: screen, title: true }, ...listed, ...everywhere].slice(0, Math.max(1, rows));
}
