import { AXIS_WIDTH, drawSeries, plotColumns } from '../core/ascii-chart.js';
import type { SizeOutcome, TuneOutcome } from '../ops/tune.js';

// asciichart's own cyan and green; its type declarations name only a few colours.
const CYAN = '\x1b[36m';
const GREEN = '\x1b[32m';

/** The sizes that ran to the end and fit: the only ones with a duration and a price to draw. */
function drawable(outcome: TuneOutcome): SizeOutcome[] {
  return outcome.sizes.filter((s) => s.fits && s.durationMs && s.costPerMillion !== undefined).sort((a, b) => a.mb - b.mb);
}

/** Where each size sits: evenly spaced, as Power Tuning's chart spaces its power values. */
function positions(count: number, columns: number): number[] {
  return Array.from({ length: count }, (_, i) => (count === 1 ? 0 : Math.round((i * (columns - 1)) / (count - 1))));
}

/** One value a column, straight between the sizes' points. */
function series(values: number[], at: number[], columns: number): number[] {
  if (values.length === 1) return [values[0]!, values[0]!];
  const out: number[] = [];
  for (let c = 0; c < columns; c++) {
    const i = Math.min(
      values.length - 2,
      at.findLastIndex((p) => p <= c),
    );
    const share = (c - at[i]!) / Math.max(1, at[i + 1]! - at[i]!);
    out.push(values[i]! + share * (values[i + 1]! - values[i]!));
  }
  return out;
}

/** Enough decimals that the axis tells small prices apart. */
function money(value: number, top: number): string {
  return value.toFixed(top < 1 ? 4 : top < 10 ? 3 : top < 1000 ? 2 : 0);
}

/**
 * Duration and cost against memory size, the two charts Power Tuning's
 * visualization draws, one above the other with the sizes along the bottom.
 * `rows` is each chart's height; nothing is drawn when no size fitted.
 */
export function tuneChartLines(outcome: TuneOutcome, width: number, options: { rows: number; color: boolean }): string[] {
  const sizes = drawable(outcome);
  if (sizes.length === 0) return [];
  const columns = plotColumns(width);
  const at = positions(sizes.length, columns);
  const durations = sizes.map((s) => s.durationMs!.trimmedMean);
  const costs = sizes.map((s) => s.costPerMillion!);
  const topCost = Math.max(...costs);
  const chart = (values: number[], color: string, format?: (v: number) => string, fromLowest = false) =>
    drawSeries([series(values, at, columns)], {
      rows: options.rows,
      fromLowest,
      ...(options.color ? { colors: [color] } : { styles: ['light'] }),
      ...(format ? { format } : {}),
    });
  return [
    'duration, ms (trimmed mean)',
    ...chart(durations, CYAN, (v) => v.toFixed(v >= 10_000 ? 0 : 1)),
    // Prices of neighbouring sizes differ by a few per cent: from 0, five rows would draw them as one flat line.
    Math.min(...costs) < topCost ? '$ per 1M requests (from the lowest)' : '$ per 1M requests',
    ...chart(costs, GREEN, (v) => money(v, topCost), true),
    sizeAxis(sizes, at, columns),
  ];
}

/** "MB └128 … 512 … 1769" under the charts, each size under its point; a label that would touch the one before is left out. */
function sizeAxis(sizes: SizeOutcome[], at: number[], columns: number): string {
  const line = Array.from({ length: columns }, () => ' ');
  let free = 0;
  sizes.forEach((s, i) => {
    const label = String(s.mb);
    const start = Math.min(Math.max(0, at[i]! - Math.floor(label.length / 2)), columns - label.length);
    if (start < free) return;
    [...label].forEach((ch, k) => (line[start + k] = ch));
    free = start + label.length + 1;
  });
  return `${'MB'.padStart(AXIS_WIDTH - 1)}└${line.join('').trimEnd()}`;
}
