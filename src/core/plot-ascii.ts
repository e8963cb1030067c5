import { hullSchedule } from './hull.js';
import {
  HULL,
  limitSteps,
  plotEndMs,
  seriesStyles,
  tracesGrouped,
  type PlotInput,
  type SeriesKind,
  type SeriesStyle,
} from './plot-series.js';
import { terminalSafe } from './terminal-text.js';
import { AXIS_WIDTH, drawSeries, legendLine, plotColumns, timeAxis, traceColumns, type LineStyle } from './ascii-chart.js';

export interface AsciiPlotOptions {
  /** Terminal columns. */
  width: number;
  /** Rows for the chart itself; the time axis and the legend come under it. */
  height: number;
  color: boolean;
}

const ANSI = ['\x1b[34m', '\x1b[33m', '\x1b[36m', '\x1b[32m', '\x1b[93m', '\x1b[35m', '\x1b[95m', '\x1b[91m'];
const HULL_ANSI = ['\x1b[97m', '\x1b[31m'];
const GROUP_ANSI = '\x1b[37m';
const LIMIT_ANSI = '\x1b[90m';
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
  const colorOf = (style: SeriesStyle, index: number) =>
    style.kind === 'trace'
      ? tracesGrouped(input)
        ? GROUP_ANSI
        : ANSI[index % ANSI.length]!
      : style.kind === 'limit'
        ? LIMIT_ANSI
        : style.kind === 'hull'
          ? HULL_ANSI[style.name === HULL ? 0 : 1]!
          : CANVAS_ANSI[style.dashed ? 1 : 0]!;
  const colors = styles.map(colorOf);
  // Without colour the kinds differ by line: traces light, the limit dashed, the hull heavy, the upscaling hull double.
  const lineOf = (style: SeriesStyle): LineStyle =>
    style.kind === 'trace'
      ? 'light'
      : style.kind === 'limit'
        ? 'dashed'
        : style.kind === 'hull'
          ? style.name === HULL
            ? 'heavy'
            : 'double'
          : 'dotted';
  const lineStyles = styles.map(lineOf);
  const styleIndex = (kind: SeriesKind, nth = 0) =>
    styles.findIndex((st, i) => st.kind === kind && styles.slice(0, i).filter((x) => x.kind === kind).length === nth);
  // Each line with the legend entry it belongs to; past 8 traces they all share one.
  const lines: { values: number[]; style: number }[] = input.traces.map((t, n) => ({
    values:
      t.trace.length === 0
        ? [0]
        : withEdges(traceColumns(t.trace, columns, endMs), column(t.trace.timeAt(0)), column(t.durationMs), columns),
    style: tracesGrouped(input) ? 0 : n,
  }));
  for (const t of input.traces) {
    const steps = limitSteps(t, input.noLimitBytes);
    if (steps) lines.push({ values: stepColumns(steps, columns, endMs), style: styleIndex('limit') });
  }
  for (const [nth, hull] of [input.hull, input.uhull].filter((h) => h !== undefined).entries()) {
    lines.push({
      values: stepColumns(
        hullSchedule(hull).map((st) => [st.atMs, st.mb]),
        columns,
        endMs,
      ),
      style: styleIndex('hull', nth),
    });
  }
  const c = input.canvas;
  if (c) {
    lines.push({ values: flat(c.allocatedMb, column(c.billedDurationMs) + 1), style: styleIndex('canvas', 0) });
    lines.push({ values: flat(c.usedMb, column(c.durationMs) + 1), style: styleIndex('canvas', 1) });
  }
  // Later series draw over earlier ones: the canvas and the limit go underneath, the hulls on top.
  const rank = { canvas: 0, limit: 1, trace: 2, hull: 3 };
  const order = lines.map((_, i) => i).sort((a, b) => rank[styles[lines[a]!.style]!.kind] - rank[styles[lines[b]!.style]!.kind] || a - b);
  const chart = drawSeries(
    order.map((i) => lines[i]!.values),
    {
      rows: Math.max(3, options.height),
      ...(options.color
        ? { colors: order.map((i) => colors[lines[i]!.style]!) }
        : { styles: order.map((i) => lineStyles[lines[i]!.style]!) }),
    },
  );
  const legend = styles.map(
    (st, i) =>
      `${' '.repeat(AXIS_WIDTH)}${options.color ? `${colors[i]}───${RESET}` : legendLine(lineStyles[i]!)} ${terminalSafe(st.name)}`,
  );
  // The title and the names are the user's (--title, file names): shown, never obeyed.
  return [terminalSafe(input.title), ...chart, timeAxis(columns, endMs), ...legend];
}

const flat = (value: number, length: number) => Array.from({ length }, () => value);

/**
 * A trace as the SVG draws it: from the start row's 0 to the finish row's 0. Columns before the first sample are 0,
 * the last sample holds until the finish, and the line drops to 0 there.
 */
function withEdges(series: number[], firstColumn: number, finishColumn: number, columns: number): number[] {
  for (let i = 0; i < Math.min(firstColumn, series.length - 1); i++) series[i] = 0;
  const last = series.at(-1) ?? 0;
  while (series.length < finishColumn) series.push(last);
  // A last sample in the finish's own column keeps it; the drop then shows in the next column, where there is one.
  if (series.length < columns) series.push(0);
  return series;
}

/** A step line (a hull's allocations, a limit) as the value in force at each column's time, up to its last step. */
function stepColumns(steps: readonly (readonly [number, number])[], columns: number, endMs: number): number[] {
  const out: number[] = [];
  let s = 0;
  for (let i = 0; i < columns; i++) {
    const at = (i / (columns - 1)) * endMs;
    while (s + 1 < steps.length && steps[s + 1]![0] <= at) s++;
    out.push(steps[s]?.[1] ?? 0);
    if (s === steps.length - 1) break;
  }
  return out;
}
