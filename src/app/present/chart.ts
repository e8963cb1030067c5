import { downsampleMinMax, type Trace } from '../../core/trace.js';
import { drawSeries, plotColumns, timeAxis, traceColumns } from '../../core/ascii-chart.js';

export interface PlotOptions {
  width: number;
  /** Rows in all, the time axis included. */
  height: number;
  /** The right end of the time axis, ms since start. */
  toMs: number;
  color: boolean;
}

/** MB against seconds, sized to the terminal: the same columns and axis as `functracer plot` draws. */
export function plotTrace(trace: Trace, options: PlotOptions): string[] {
  const columns = plotColumns(options.width);
  const lines = drawSeries([traceColumns(trace, columns, options.toMs)], {
    rows: Math.max(2, options.height - 1),
    ...(options.color ? { colors: [CYAN] } : {}),
  });
  return [...lines, timeAxis(columns, options.toMs)];
}

// asciichart's own cyan; its type declarations name only a few colours.
const CYAN = '\x1b[36m';

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
