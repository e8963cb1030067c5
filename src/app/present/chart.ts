import type { Trace } from '../../core/trace.js';
import { columnPeaks, drawSeries, plotColumns, timeAxis, traceColumns } from '../../core/ascii-chart.js';
import { MIB } from '../../core/units.js';

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

/** The scale a sparkline is drawn against: the run's peak so far, rounded up to 1, 2 or 5 × 10ⁿ MB so it seldom moves. */
export function sparklineTopMb(trace: Trace): number {
  const peakMb = trace.peakBytes / MIB;
  if (!(peakMb > 0)) return 1;
  const decade = 10 ** Math.floor(Math.log10(peakMb));
  return [1, 2, 5, 10].map((m) => m * decade).find((top) => top >= peakMb) ?? 10 * decade;
}

/**
 * The last `windowMs` of samples (less while the run is younger), one block a
 * column at its highest, against a fixed scale of `topMb` (by default the
 * run's, from sparklineTopMb), so a flat tail under an earlier peak stays low.
 * Columns no sample fell in take the next sample's window peak, as on the chart.
 */
export function sparkline(trace: Trace, width: number, windowMs = 2000, topMb = sparklineTopMb(trace)): string {
  const end = trace.lastTime;
  if (end === undefined || width <= 0) return '';
  const peaks = columnPeaks(trace, width, Math.max(0, end - windowMs), end);
  const top = topMb * MIB;
  return Array.from(peaks, (value) => (Number.isNaN(value) ? ' ' : BARS[Math.max(0, Math.min(7, Math.round((value / top) * 7)))])).join('');
}
