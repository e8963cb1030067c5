import asciichart from 'asciichart';
import { hullSchedule, type Hull } from './hull.js';
import { HULL, plotEndMs, seriesStyles, type PlotInput } from './plot-series.js';
import { downsampleMinMax, type Trace } from './trace.js';
import { MIB } from './units.js';

export interface AsciiPlotOptions {
  /** Terminal columns. */
  width: number;
  /** Rows for the chart itself; the time axis and the legend come under it. */
  height: number;
  color: boolean;
}

const LABEL_WIDTH = 8;
// asciichart puts the axis character after the label.
const AXIS_WIDTH = LABEL_WIDTH + 1;
const ANSI = ['\x1b[34m', '\x1b[33m', '\x1b[36m', '\x1b[32m', '\x1b[93m', '\x1b[35m', '\x1b[95m', '\x1b[91m'];
const HULL_ANSI = ['\x1b[97m', '\x1b[31m'];
const CANVAS_ANSI = ['\x1b[90m', '\x1b[37m'];
const RESET = '\x1b[0m';

/**
 * The same picture as the SVG, in the terminal: one asciichart series per trace,
 * hull and canvas line, then a time axis and a legend. asciichart cannot draw a
 * vertical line, so the billed and actual durations show as where the flat
 * allocated and used lines end.
 */
export function asciiPlot(input: PlotInput, options: AsciiPlotOptions): string[] {
  const columns = Math.max(4, options.width - AXIS_WIDTH - 1);
  const endMs = plotEndMs(input);
  const column = (ms: number) => Math.min(columns - 1, Math.round((ms / endMs) * (columns - 1)));
  const styles = seriesStyles(input);
  const series: number[][] = input.traces.map((t) => traceColumns(t.trace, columns, endMs));
  for (const hull of [input.hull, input.uhull]) if (hull) series.push(hullColumns(hull, columns, endMs));
  const c = input.canvas;
  if (c) series.push(flat(c.allocatedMb, column(c.billedDurationMs) + 1), flat(c.usedMb, column(c.durationMs) + 1));
  const colors = styles.map((s, i) =>
    s.kind === 'trace' ? ANSI[i % ANSI.length]! : s.kind === 'hull' ? HULL_ANSI[s.name === HULL ? 0 : 1]! : CANVAS_ANSI[s.dashed ? 1 : 0]!,
  );
  // Later series draw over earlier ones: the canvas goes underneath, the hulls on top.
  const rank = { canvas: 0, trace: 1, hull: 2 };
  const order = styles.map((_, i) => i).sort((a, b) => rank[styles[a]!.kind] - rank[styles[b]!.kind] || a - b);
  const drawn = order.map((i) => series[i]!).map((s) => (s.length >= 2 ? s : flat(s[0] ?? 0, 2)));
  const chart = asciichart.plot(drawn, {
    min: 0,
    max: Math.max(1, ...drawn.flat()),
    height: Math.max(2, options.height - 1),
    format: (value) => value.toFixed(1).padStart(LABEL_WIDTH),
    ...(options.color ? { colors: order.map((i) => colors[i]!) } : {}),
  });
  // No dashes in the terminal, so the legend does not promise any.
  const legend = styles.map((s, i) => `${' '.repeat(AXIS_WIDTH)}${options.color ? `${colors[i]}───${RESET}` : '───'} ${s.name}`);
  return [input.title, ...chart.split('\n'), timeAxis(columns, endMs), ...legend];
}

const flat = (value: number, length: number) => Array.from({ length }, () => value);

/** Each column's highest MB, carried over columns no sample fell in, ending at the last sample. */
function traceColumns(trace: Trace, columns: number, endMs: number): number[] {
  if (trace.length === 0) return [0];
  const { max } = downsampleMinMax(trace, columns, 0, endMs);
  const out: number[] = [];
  let carried = trace.bytesAt(0) / MIB;
  let last = 0;
  for (let i = 0; i < columns; i++) {
    if (!Number.isNaN(max[i]!)) {
      carried = max[i]! / MIB;
      last = i;
    }
    out.push(carried);
  }
  return out.slice(0, last + 1);
}

/** The hull's allocation in force at each column's time, up to its closing step. */
function hullColumns(hull: Hull, columns: number, endMs: number): number[] {
  const steps = hullSchedule(hull);
  const out: number[] = [];
  let s = 0;
  for (let i = 0; i < columns; i++) {
    const at = (i / (columns - 1)) * endMs;
    while (s + 1 < steps.length && steps[s + 1]!.atMs <= at) s++;
    out.push(steps[s]?.mb ?? 0);
    if (s === steps.length - 1) break;
  }
  return out;
}

/** "0 s" at the left, the middle and the end under the chart, lined up with the plot. */
function timeAxis(columns: number, endMs: number): string {
  const digits = endMs < 10_000 ? 2 : 1;
  const line = Array.from({ length: columns }, () => ' ');
  const put = (at: number, text: string) => [...text].forEach((ch, i) => at + i >= 0 && at + i < columns && (line[at + i] = ch));
  put(0, '0 s');
  const middle = `${(endMs / 2000).toFixed(digits)} s`;
  put(Math.floor(columns / 2 - middle.length / 2), middle);
  const right = `${(endMs / 1000).toFixed(digits)} s`;
  put(columns - right.length, right);
  return `${' '.repeat(AXIS_WIDTH)}${line.join('')}`;
}
