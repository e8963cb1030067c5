import { AXIS_WIDTH } from '../../core/ascii-chart.js';
import type { PhaseMark } from '../invoke-session.js';

/** The phases labelled on a chart: where their marker columns stand, and the row of labels under the time axis. */
export interface PhaseRow {
  /** Plot columns (0 at the plot's left edge) where a labelled invocation began. */
  markers: number[];
  /** `init │ 1 │ 2 …` at the columns the phases began, the axis's width of words before it. */
  row: string;
  /** Invocations left unlabelled, the oldest: where their labels would overlap the newer ones. */
  hidden: number;
}

const MARKER = '│';

/**
 * A container's phases labelled where each began, on a chart of `columns` columns spanning 0 to `toMs` (the buckets
 * its line is drawn in): its init at the axis's origin, in the words left of the plot, and each invocation at its
 * column. Labels are placed newest first, each left of the one after it with a space between; those that no longer
 * fit are the oldest, and the words say how many are hidden instead of init.
 */
export function phaseRow(marks: readonly PhaseMark[], columns: number, toMs: number): PhaseRow {
  const invocations = marks.filter((mark) => mark.name === 'invoke');
  const columnOf = (atMs: number) => Math.max(0, Math.min(columns - 1, Math.floor((atMs / Math.max(toMs, 1)) * columns)));
  const line = Array.from({ length: columns }, () => ' ');
  const markers: number[] = [];
  let limit = columns;
  for (let i = invocations.length - 1; i >= 0; i--) {
    const mark = invocations[i]!;
    const number = String(mark.invocation ?? '?');
    const at = columnOf(mark.atMs);
    // The number right of its marker, or left of it where the chart or the next label leaves no room.
    const [from, text] = at + number.length < limit ? [at, `${MARKER}${number}`] : [at - number.length, `${number}${MARKER}`];
    if (from < 0 || from + text.length > limit) break;
    [...text].forEach((ch, j) => (line[from + j] = ch));
    markers.push(at);
    limit = from - 1;
  }
  const hidden = invocations.length - markers.length;
  const words = hidden === 0 ? (marks.some((mark) => mark.name === 'init') ? 'init' : '') : `${hidden} more`;
  const prefix = words.length <= AXIS_WIDTH - 2 ? `${words.padStart(AXIS_WIDTH - 2)}  ` : words.padEnd(AXIS_WIDTH).slice(0, AXIS_WIDTH);
  return { markers: markers.reverse(), row: `${prefix}${line.join('')}`, hidden };
}

/**
 * The plot's rows with a marker column at each of `markers`, in the cells the line leaves blank, so the line is
 * never hidden. Colour escapes take no cell: the columns counted are those a terminal shows.
 */
export function withMarkers(lines: readonly string[], markers: readonly number[], color: boolean): string[] {
  if (markers.length === 0) return [...lines];
  const at = new Set(markers.map((column) => AXIS_WIDTH + column));
  const mark = color ? `\x1b[2m${MARKER}\x1b[22m` : MARKER;
  const last = Math.max(...at);
  return lines.map((line) => {
    let out = '';
    let cell = 0;
    for (let i = 0; i < line.length; i++) {
      const ch = line[i]!;
      if (ch === '\x1b') {
        const end = line.indexOf('m', i);
        out += line.slice(i, end + 1);
        i = end;
        continue;
      }
      out += ch === ' ' && at.has(cell) ? mark : ch;
      cell += 1;
    }
    // A row ends where the line does so far: a phase that began after its last sample is marked all the same.
    for (; cell <= last; cell++) out += at.has(cell) ? mark : ' ';
    return out;
  });
}
