import type { TopLevelSpec } from 'vega-lite';
import { HULL, LIMIT, UHULL, plotEndMs, plotPoints, seriesStyles, type PlotInput, type SeriesKind } from './plot-series.js';

export type { BillingCanvas, PlotInput, PlotTrace } from './plot-series.js';

export interface PlotSpecOptions {
  /** Size of the plotting area in px; the legend and axes come on top. */
  width?: number;
  height?: number;
  /** Points per trace at most, before min/max downsampling. */
  maxPoints?: number;
}

/** What every picture functracer draws shares: the schema, its title, the plotting area's size, a white page, the font. */
export function specFrame(title: string, options: { width?: number; height?: number }) {
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title,
    width: options.width ?? 720,
    height: options.height ?? 360,
    background: 'white',
  };
}

export const FONT = 'DejaVu Sans, Helvetica, Arial, sans-serif';

const DASH = [6, 4];
const SOLID = [1, 0];

/**
 * A Vega-Lite spec of the traces, hull, upscaling hull and billing canvas: time (s)
 * against memory (MB), one legend for all. Pure data in, spec out; rendering is the caller's.
 */
export function plotSpec(input: PlotInput, options: PlotSpecOptions = {}): TopLevelSpec {
  const styles = seriesStyles(input);
  const values = plotPoints(input, options.maxPoints);
  // Colour and dash on the same field with the same title merge into one legend.
  const legend = { title: 'series', labelLimit: 0, orient: 'right' as const };
  const domain = styles.map((s) => s.name);
  const layer = (filter: { field: 'kind'; equal: SeriesKind } | { field: 'series'; equal: string }, mark: Record<string, unknown>) => ({
    transform: [{ filter }],
    mark: { type: 'line' as const, clip: true, ...mark },
  });
  const kind = (equal: SeriesKind) => ({ field: 'kind' as const, equal });
  const named = (equal: string) => ({ field: 'series' as const, equal });
  const kinds = new Set(styles.map((s) => s.kind));
  // Headroom, so a canvas line at the highest value or the last moment does not vanish into the frame.
  const yMax = Math.max(1, ...values.map((p) => p.mb)) * 1.08;
  const xMax = (plotEndMs(input) / 1000) * 1.03;
  return {
    ...specFrame(input.title, options),
    data: { values },
    encoding: {
      x: { field: 't', type: 'quantitative', title: 'time (s)', scale: { domain: [0, xMax] } },
      y: { field: 'mb', type: 'quantitative', title: 'memory (MiB)', scale: { domain: [0, yMax] } },
      color: { field: 'series', type: 'nominal', scale: { domain, range: styles.map((s) => s.color) }, legend },
      strokeDash: { field: 'series', type: 'nominal', scale: { domain, range: styles.map((s) => (s.dashed ? DASH : SOLID)) }, legend },
      detail: { field: 'line', type: 'nominal' },
      order: { field: 'i', type: 'quantitative' },
    },
    layer: [
      ...(kinds.has('canvas') ? [layer(kind('canvas'), { strokeWidth: 1.5 })] : []),
      // The limit goes under the traces, thick and grey, as the original drew it: the usage shows against it.
      ...(kinds.has('limit') ? [layer(named(LIMIT), { strokeWidth: 4, interpolate: 'step-after' })] : []),
      ...(kinds.has('trace') ? [layer(kind('trace'), { strokeWidth: 1 })] : []),
      // A hull is an allocation that holds for a whole step, so it is drawn as steps;
      // the upscaling hull goes wider and underneath, so the hull shows where they meet.
      ...(input.uhull ? [layer(named(UHULL), { strokeWidth: 3, interpolate: 'step-after' })] : []),
      ...(input.hull ? [layer(named(HULL), { strokeWidth: 1.5, interpolate: 'step-after' })] : []),
    ],
    config: { font: FONT, legend: { symbolType: 'stroke', symbolStrokeWidth: 2 } },
  } as TopLevelSpec;
}
