import { wrapWords } from '../../core/text-width.js';
import type { Confirmation } from '../run-offer.js';
import { errorText } from '../screen-error.js';

/** The confirmation as rows of text `width` wide, at most `height` of them, and its No/Yes choice apart for highlighting. */
export interface ConfirmView {
  title: string;
  lines: string[];
  /** Absent when there is nothing to choose (a refusal only closes). */
  choice?: 'no' | 'yes';
  keys: string;
}

/**
 * Every ask on its own bullet, wrapped, never cut: the user confirms exactly what the record asks for. A list
 * taller than the room left says how many did not fit, so nothing is confirmed unseen without saying so.
 */
export function confirmView(state: Confirmation, width: number, height: number): ConfirmView {
  if (state.kind === 'refused') {
    return {
      title: `No ${state.action}: this record is not run again`,
      lines: wrapWords(errorText(state.error), width).slice(0, Math.max(1, height)),
      keys: 'Enter or Esc closes',
    };
  }
  const head = wrapWords(printable(`${state.record ?? 'The run record'} asks to run ${state.title} with:`), width);
  const foot = ['', ...wrapWords('functracer does none of these unasked: a record can be planted by another user of this machine.', width)];
  const room = Math.max(1, height - head.length - foot.length);
  const bullets = state.asks.flatMap((ask) => wrapWords(printable(`• ${ask}`), width, '  '));
  const shown =
    bullets.length <= room
      ? bullets
      : [...bullets.slice(0, room - 1), `  … ${bullets.length - room + 1} more lines: enlarge the terminal to see them all`];
  return {
    title: `Run a recorded run again? (${state.action})`,
    lines: [...head, ...shown, ...foot],
    choice: state.yes ? 'yes' : 'no',
    keys: 'y runs it · n or Esc cancels · ←/→ and Enter · q quits',
  };
}

/** A record's words as text, never as terminal commands: control characters show as �. */
function printable(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, '\ufffd');
}
