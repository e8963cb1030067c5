import asciichart from 'asciichart';
import { downsampleMinMax, type Trace } from '../../core/trace.js';
import { MIB } from '../../core/units.js';

/** Width of the y-axis labels ("  128.0"), then asciichart's " ┤". */
const LABEL_WIDTH = 7;
const AXIS_WIDTH = LABEL_WIDTH + 2;

/**
 * The highest MB in each column between 0 and `toMs`, so a spike of a single
 * sample still reaches its height. Columns no sample fell in repeat the one
 * before (memory stays where it was between samples); the series ends at the
 * last column with a sample, so the line grows as the run goes.
 */
export function chartSeries(trace: Trace, columns: number, toMs: number): number[] {
  if (trace.length === 0 || columns <= 0) return [];
  const { max } = downsampleMinMax(trace, columns, 0, Math.max(toMs, 1));
  let last = -1;
  for (let i = 0; i < columns; i++) if (!Number.isNaN(max[i]!)) last = i;
  const series: number[] = [];
  let carried = trace.bytesAt(0) / MIB;
  for (let i = 0; i <= last; i++) {
    const value = max[i]!;
    if (!Number.isNaN(value)) carried = value / MIB;
    series.push(carried);
  }
  return series;
}

export interface PlotOptions {
  width: number;
  /** Rows in all, the time axis included. */
  height: number;
  /** The right end of the time axis, ms since start. */
  toMs: number;
  color: boolean;
}

/** MB against seconds: asciichart's lines sized to the terminal, then a time axis under them. */
export function plotTrace(trace: Trace, options: PlotOptions): string[] {
  const columns = Math.max(2, options.width - AXIS_WIDTH);
  const series = chartSeries(trace, columns, options.toMs);
  const peak = Math.max(1, ...series);
  const plot = asciichart.plot(series.length > 1 ? series : [series[0] ?? 0, series[0] ?? 0], {
    min: 0,
    max: peak,
    // asciichart draws height + 1 rows, and the time axis takes one more.
    height: Math.max(1, options.height - 2),
    format: (value) => value.toFixed(1).padStart(LABEL_WIDTH),
    ...(options.color ? { colors: [asciichart.cyan] } : {}),
  });
  return [...plot.split('\n'), timeAxis(columns, options.toMs)];
}

/** "0 s … 0.6 s … 1.2 s" under the plot, starting where the lines start. */
export function timeAxis(columns: number, toMs: number): string {
  const right = `${(toMs / 1000).toFixed(toMs < 10_000 ? 2 : 1)} s`;
  const middle = `${(toMs / 2000).toFixed(toMs < 20_000 ? 2 : 1)} s`;
  const line = Array.from({ length: columns }, () => ' ');
  const put = (at: number, text: string) => [...text].forEach((ch, i) => at + i < columns && (line[at + i] = ch));
  put(0, '0 s');
  if (columns > right.length + middle.length + 8) put(Math.floor(columns / 2 - middle.length / 2), middle);
  put(Math.max(0, columns - right.length), right);
  return `${' '.repeat(AXIS_WIDTH - 1)}└${line.join('')}`;
}

const BARS = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];

/**
 * The last `windowMs` of samples (less while the run is younger), one block a
 * column at its highest, scaled to the window's own peak. Columns no sample
 * fell in repeat the one before.
 */
export function sparkline(trace: Trace, width: number, windowMs = 2000): string {
  const end = trace.lastTime;
  if (end === undefined || width <= 0) return '';
  const { max } = downsampleMinMax(trace, width, Math.max(0, end - windowMs), end);
  let top = 0;
  for (const value of max) if (value > top) top = value;
  let carried = NaN;
  return Array.from(max, (value) => {
    if (!Number.isNaN(value)) carried = value;
    return Number.isNaN(carried) ? ' ' : BARS[top > 0 ? Math.min(7, Math.round((carried / top) * 7)) : 0];
  }).join('');
}
