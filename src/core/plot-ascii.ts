import { hullSchedule, type Hull } from './hull.js';
import { HULL, plotEndMs, seriesStyles, type PlotInput } from './plot-series.js';
import { AXIS_WIDTH, drawSeries, plotColumns, timeAxis, traceColumns } from './ascii-chart.js';

export interface AsciiPlotOptions {
  /** Terminal columns. */
  width: number;
  /** Rows for the chart itself; the time axis and the legend come under it. */
  height: number;
  color: boolean;
}

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
  const columns = Math.max(4, plotColumns(options.width));
  const endMs = plotEndMs(input);
  const column = (ms: number) => Math.min(columns - 1, Math.round((ms / endMs) * (columns - 1)));
  const styles = seriesStyles(input);
  const series: number[][] = input.traces.map((t) => (t.trace.length === 0 ? [0] : traceColumns(t.trace, columns, endMs)));
  for (const hull of [input.hull, input.uhull]) if (hull) series.push(hullColumns(hull, columns, endMs));
  const c = input.canvas;
  if (c) series.push(flat(c.allocatedMb, column(c.billedDurationMs) + 1), flat(c.usedMb, column(c.durationMs) + 1));
  const colors = styles.map((s, i) =>
    s.kind === 'trace' ? ANSI[i % ANSI.length]! : s.kind === 'hull' ? HULL_ANSI[s.name === HULL ? 0 : 1]! : CANVAS_ANSI[s.dashed ? 1 : 0]!,
  );
  // Later series draw over earlier ones: the canvas goes underneath, the hulls on top.
  const rank = { canvas: 0, trace: 1, hull: 2 };
  const order = styles.map((_, i) => i).sort((a, b) => rank[styles[a]!.kind] - rank[styles[b]!.kind] || a - b);
  const chart = drawSeries(
    order.map((i) => series[i]!),
    { rows: Math.max(3, options.height), ...(options.color ? { colors: order.map((i) => colors[i]!) } : {}) },
  );
  // No dashes in the terminal, so the legend does not promise any.
  const legend = styles.map((s, i) => `${' '.repeat(AXIS_WIDTH)}${options.color ? `${colors[i]}───${RESET}` : '───'} ${s.name}`);
  return [input.title, ...chart, timeAxis(columns, endMs), ...legend];
}

const flat = (value: number, length: number) => Array.from({ length }, () => value);

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
