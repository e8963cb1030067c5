import asciichart from 'asciichart';
import { downsampleMinMax, type Trace } from './trace.js';
import { MIB } from './units.js';

/** Width of the y-axis labels ("  128.0"), then asciichart's " ┤". */
const LABEL_WIDTH = 7;
/** Columns left of the plot: the labels and the axis. Every chart, in the TUI and from `plot`, lines up on it. */
export const AXIS_WIDTH = LABEL_WIDTH + 2;

/** The plot's own columns in a line of `width`. */
export function plotColumns(width: number): number {
  return Math.max(2, width - AXIS_WIDTH);
}

/**
 * The highest bytes in each of `columns` between `fromMs` and `toMs`. Each
 * sample is the peak of its own window, since the sample before it (the
 * sampler resets the kernel's mark): a column no sample fell in, before the
 * last that has one, belongs to the window of the next sample and takes its
 * value, so a gap in the sampling is drawn at the height the next sample says
 * it reached, never blank and never at the older value. Columns after the last
 * sample stay NaN: nothing is known there yet.
 */
export function columnPeaks(trace: Trace, columns: number, fromMs: number, toMs: number): Float64Array {
  const { max } = downsampleMinMax(trace, columns, fromMs, toMs);
  let next = NaN;
  for (let i = columns - 1; i >= 0; i--) {
    if (Number.isNaN(max[i]!)) max[i] = next;
    else next = max[i]!;
  }
  return max;
}

/**
 * The highest MB in each column between 0 and `endMs`, so a spike of a single
 * sample still reaches its height; a gap in the sampling takes the next
 * sample's window peak (see columnPeaks). The series ends at the last column
 * with a sample, so the line grows as the run goes.
 */
export function traceColumns(trace: Trace, columns: number, endMs: number): number[] {
  if (trace.length === 0 || columns <= 0) return [];
  const peaks = columnPeaks(trace, columns, 0, Math.max(endMs, 1));
  const series: number[] = [];
  for (let i = 0; i < columns && !Number.isNaN(peaks[i]!); i++) series.push(peaks[i]! / MIB);
  return series;
}

/**
 * The line styles a chart can tell series apart by without colour (NO_COLOR,
 * TERM=dumb, a pipe): asciichart's symbols from the horizontal on, in its order.
 */
export type LineStyle = 'light' | 'heavy' | 'double' | 'dashed' | 'dotted';
const LINE_SYMBOLS: Record<LineStyle, string> = {
  light: '─╰╭╮╯│',
  heavy: '━┗┏┓┛┃',
  double: '═╚╔╗╝║',
  dashed: '╌└┌┐┘╎',
  dotted: '┄└┌┐┘┆',
};

/** Three of the style's horizontals: how a legend shows it. */
export function legendLine(style: LineStyle): string {
  return LINE_SYMBOLS[style][0]!.repeat(3);
}

export interface ChartOptions {
  /** Rows of the plot itself; the time axis comes under them. */
  rows: number;
  /** One ANSI colour a series, or none for plain text. */
  colors?: string[];
  /** Without colours, one line style a series (light for all when absent). */
  styles?: LineStyle[];
  /** The y-axis labels, at most LABEL_WIDTH characters; MB with one decimal when absent. */
  format?: (value: number) => string;
  /** The axis starts at the lowest value instead of 0, where differences matter more than sizes. */
  fromLowest?: boolean;
}

/** MB from 0 (or the lowest value) up, one asciichart line a series (later ones drawn over earlier ones), without the time axis. */
export function drawSeries(series: readonly number[][], options: ChartOptions): string[] {
  // asciichart needs two points to draw a line; a single value is a flat line.
  const drawn = series.map((s) => (s.length >= 2 ? s : [s[0] ?? 0, s[0] ?? 0]));
  const low = Math.min(...drawn.flat());
  const high = Math.max(...drawn.flat());
  // With nothing between lowest and highest, asciichart draws one row labelled with a rounded value: draw from 0.
  const fromLowest = options.fromLowest && high > low;
  const config = {
    min: fromLowest ? low : 0,
    max: fromLowest || (options.fromLowest && high > 0) ? high : Math.max(1, high),
    // asciichart draws height + 1 rows.
    height: Math.max(1, options.rows - 1),
  };
  const base = options.format ?? mbLabel(config.min, config.max, config.height);
  // A fresh labeller each plot: it leaves out a label equal to the one above it, where even its decimals cannot part them.
  const labels = () => {
    let above: string | undefined;
    return (value: number) => {
      const text = base(value);
      const shown = text === above ? '' : text;
      above = text;
      return shown.padStart(LABEL_WIDTH);
    };
  };
  if (options.colors || !options.styles)
    return asciichart.plot(drawn, { ...config, format: labels(), ...(options.colors ? { colors: options.colors } : {}) }).split('\n');
  // asciichart takes one symbol set a chart: each series is drawn alone in its style, and the charts laid over each other.
  const layers = drawn.map((line, i) => {
    const symbols = ['┼', '┤', '╶', '╴', ...LINE_SYMBOLS[options.styles![i] ?? 'light']];
    return asciichart.plot([line], { ...config, format: labels(), symbols }).split('\n');
  });
  return layers[0]!.map((row, r) => {
    const cells = [...row];
    for (const layer of layers.slice(1)) {
      [...layer[r]!].forEach((ch, c) => {
        if (c >= AXIS_WIDTH && ch !== ' ') cells[c] = ch;
      });
    }
    return cells.join('');
  });
}

/**
 * MB for the y axis with the decimals its rows need to differ (one at least, three at most) and that the label's
 * width holds: 0.95, 0.92, … on a tall chart of a small run, rather than 0.9 twice.
 */
function mbLabel(min: number, max: number, rows: number): (value: number) => string {
  const step = (max - min) / Math.max(1, rows);
  const needed = step > 0 ? Math.ceil(-Math.log10(step)) : 1;
  const whole = String(Math.floor(Math.max(Math.abs(min), Math.abs(max)))).length;
  const digits = Math.max(0, Math.min(3, Math.max(1, needed), LABEL_WIDTH - whole - 1));
  return (value) => value.toFixed(digits);
}

/** "0 s … 0.6 s … 1.2 s" under the plot, starting where the lines start; "0 ms … 2 ms … 4 ms" under a run shorter than a second. */
export function timeAxis(columns: number, endMs: number): string {
  const [left, middle, right] = axisTimes(endMs);
  const line = Array.from({ length: columns }, () => ' ');
  const put = (at: number, text: string) => [...text].forEach((ch, i) => at + i < columns && (line[at + i] = ch));
  put(0, left);
  if (columns > right.length + middle.length + 8) put(Math.floor(columns / 2 - middle.length / 2), middle);
  put(Math.max(0, columns - right.length), right);
  return `${' '.repeat(AXIS_WIDTH - 1)}└${line.join('')}`;
}

/**
 * The axis's start, middle and end: seconds from a second up (two decimals, one from 10 s), milliseconds below,
 * with the fewest decimals that keep the three apart, so a 4 ms run reads 0, 2 and 4 ms rather than 0.00 s twice.
 */
function axisTimes(endMs: number): [string, string, string] {
  if (endMs >= 1000)
    return ['0 s', `${(endMs / 2000).toFixed(endMs < 20_000 ? 2 : 1)} s`, `${(endMs / 1000).toFixed(endMs < 10_000 ? 2 : 1)} s`];
  let digits = 0;
  const apart = (d: number) => (endMs / 2).toFixed(d) !== endMs.toFixed(d) && Number((endMs / 2).toFixed(d)) !== 0;
  while (digits < 3 && !apart(digits)) digits++;
  return ['0 ms', `${(endMs / 2).toFixed(digits)} ms`, `${endMs.toFixed(digits)} ms`];
}
