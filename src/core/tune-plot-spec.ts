import type { TopLevelSpec } from 'vega-lite';
import { FONT, specFrame } from './plot-spec.js';

/** One size that fitted, as the picture needs it. */
interface TunePlotPoint {
  mb: number;
  /** The trimmed mean of its runs. */
  durationMs: number;
  costPerMillion: number;
}

export interface TunePlotInput {
  title: string;
  points: readonly TunePlotPoint[];
}

const DURATION = '#1f77b4';
const COST = '#2ca02c';

/**
 * Duration and cost against memory size on one chart, each with its own axis
 * (duration left, cost right), the sizes evenly spaced: the picture Power
 * Tuning's visualization page draws. Pure data in, spec out.
 */
export function tuneSpec(input: TunePlotInput, options: { width?: number; height?: number } = {}): TopLevelSpec {
  const x = { field: 'size', type: 'ordinal', title: 'memory size (MB)', sort: null, axis: { labelAngle: 0 } };
  const series = (field: 'durationMs' | 'costPerMillion', title: string, color: string, orient: 'left' | 'right') => ({
    mark: { type: 'line', point: { filled: true, size: 60, color }, color, strokeWidth: 2 },
    encoding: {
      x,
      y: { field, type: 'quantitative', title, axis: { orient, titleColor: color }, scale: { zero: field === 'durationMs' } },
    },
  });
  return {
    ...specFrame(input.title, options),
    data: { values: input.points.map((p) => ({ ...p, size: String(p.mb) })) },
    layer: [
      series('durationMs', 'duration, ms (trimmed mean)', DURATION, 'left'),
      series('costPerMillion', '$ per 1M requests', COST, 'right'),
    ],
    resolve: { scale: { y: 'independent' } },
    config: { font: FONT },
  } as TopLevelSpec;
}
