import asciichart from 'asciichart';
import { asciiPlot } from '../../core/plot-ascii.js';
import type { Hull } from '../../core/hull.js';
import type { PlotTrace } from '../../core/plot-spec.js';
import type { Trace } from '../../core/trace.js';
import { MIB } from '../../core/units.js';
import { chartSeries, timeAxis } from './chart.js';

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
  const lines = asciiPlot({ title: '', traces, ...(hull ? { hull } : {}), ...(uhull ? { uhull } : {}) }, { width, height, color });
  return lines.slice(1, 1 + height + 1);
}

// asciichart's own red; its type declarations name only the colours used elsewhere.
const RED = '\x1b[31m';

/** Label width as chart.ts draws its y axis, so the two charts line up. */
const LABEL_WIDTH = 7;

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
  const columns = Math.max(2, options.width - LABEL_WIDTH - 2);
  const usage = chartSeries(trace, columns, options.toMs);
  const limit = limitSeries(trace, columns, options.toMs, usage.length);
  const pad = (s: number[]) => (s.length > 1 ? s : [s[0] ?? 0, s[0] ?? 0]);
  const plot = asciichart.plot([pad(limit), pad(usage)], {
    min: 0,
    max: Math.max(1, ...usage, ...limit),
    height: Math.max(1, options.height - 2),
    format: (value) => value.toFixed(1).padStart(LABEL_WIDTH),
    ...(options.color ? { colors: [RED, asciichart.cyan] } : {}),
  });
  return [...plot.split('\n'), timeAxis(columns, options.toMs)];
}
