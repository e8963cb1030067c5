import { wrapWords } from '../../core/text-width.js';
import { errorText, type ScreenError } from '../screen-error.js';

/**
 * Rows every screen keeps for its messages, above the status bar. An error of
 * up to this many rows shows whole there, and nothing above it moves.
 */
export const MESSAGE_ROWS = 3;
/** A longer error (a narrow terminal) takes rows from the pane above, up to this many in all; past them it is shortened. */
const MOST_MESSAGE_ROWS = 5;

/**
 * The rows a screen gives its messages: the kept rows, or more for an error that needs them, as far as `room`
 * (what the screen can spare above them) allows.
 */
export function messageRows(error: ScreenError | undefined, width: number, room = MOST_MESSAGE_ROWS): number {
  if (!error) return MESSAGE_ROWS;
  const wanted = Math.min(MOST_MESSAGE_ROWS, room, wrapWords(errorText(error), Math.max(1, width)).length);
  return Math.max(MESSAGE_ROWS, wanted);
}

/** An error wrapped at words to `width`, in at most `rows` lines; the last one ends in … when the text goes on. */
export function errorLines(error: ScreenError, width: number, rows = MESSAGE_ROWS): string[] {
  const room = Math.max(1, width);
  const lines = wrapWords(errorText(error), room);
  const most = Math.max(1, rows);
  if (lines.length <= most) return lines;
  const last = lines[most - 1]!;
  return [...lines.slice(0, most - 1), `${[...last].slice(0, room - 1).join('')}…`];
}
