import type { TopLevelSpec } from 'vega-lite';

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
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: input.title,
    width: options.width ?? 720,
    height: options.height ?? 360,
    background: 'white',
    data: { values: input.points.map((p) => ({ ...p, size: String(p.mb) })) },
    layer: [
      series('durationMs', 'duration, ms (trimmed mean)', DURATION, 'left'),
      series('costPerMillion', '$ per 1M requests', COST, 'right'),
    ],
    resolve: { scale: { y: 'independent' } },
    config: { font: 'DejaVu Sans, Helvetica, Arial, sans-serif' },
  } as TopLevelSpec;
}
