import { asciiPlot } from '../../core/plot-ascii.js';
import type { Hull } from '../../core/hull.js';
import type { PlotTrace } from '../../core/plot-spec.js';
import type { Trace } from '../../core/trace.js';
import { MIB } from '../../core/units.js';
import { drawSeries, plotColumns, timeAxis, traceColumns } from '../../core/ascii-chart.js';

/**
 * The training traces overlaid, with the hull and upscaling hull over them:
 * `functracer plot`'s terminal chart (one asciichart series each, min/max
 * buckets to the width) without its title and legend, which the screen draws
 * in one line of its own. `rows` includes the time axis.
 */
export function overlayLines(
  traces: readonly PlotTrace[],
  hull: Hull | undefined,
  uhull: Hull | undefined,
  width: number,
  rows: number,
  color: boolean,
): string[] {
  if (traces.length === 0) return [];
  const height = Math.max(2, rows - 1);
  // Training runs have no memory limit, so no limit line: every limit counts as none.
  const input = { title: '', traces, noLimitBytes: 0, ...(hull ? { hull } : {}), ...(uhull ? { uhull } : {}) };
  const lines = asciiPlot(input, { width, height, color });
  return lines.slice(1, 1 + height + 1);
}

// asciichart's own red and cyan; its type declarations name only a few colours.
const RED = '\x1b[31m';
const CYAN = '\x1b[36m';

/**
 * The limit in force in each column (the trace's third column), carried
 * over columns no sample fell in, as long as the usage series.
 */
export function limitSeries(trace: Trace, columns: number, toMs: number, length: number): number[] {
  const last = new Float64Array(columns).fill(NaN);
  for (let i = 0; i < trace.length; i++) {
    const t = trace.timeAt(i);
    if (t < 0 || t > toMs) continue;
    last[Math.min(columns - 1, Math.floor((t / Math.max(toMs, 1)) * columns))] = trace.limitAt(i) / MIB;
  }
  const series: number[] = [];
  let carried = trace.length > 0 ? trace.limitAt(0) / MIB : 0;
  for (let i = 0; i < length; i++) {
    if (!Number.isNaN(last[i]!)) carried = last[i]!;
    series.push(carried);
  }
  return series;
}

/** Usage (cyan) under the autotuner's limit (red): where they touch, the function was squeezed. */
export function limitChart(trace: Trace, options: { width: number; height: number; toMs: number; color: boolean }): string[] {
  if (trace.length === 0) return [];
  const columns = plotColumns(options.width);
  const usage = traceColumns(trace, columns, options.toMs);
  const limit = limitSeries(trace, columns, options.toMs, usage.length);
  const lines = drawSeries([limit, usage], {
    rows: Math.max(2, options.height - 1),
    ...(options.color ? { colors: [RED, CYAN] } : { styles: ['dashed', 'light'] }),
  });
  return [...lines, timeAxis(columns, options.toMs)];
}
