/* eslint-disable no-control-regex -- these tests check terminal escape sequences, which are control characters */
import { describe, expect, it } from 'vitest';
import { computeHull, computeUhull } from '../../src/core/hull.js';
import { asciiPlot } from '../../src/core/plot-ascii.js';
import { plotPoints, seriesStyles, type PlotInput } from '../../src/core/plot-series.js';
import { plotSpec } from '../../src/core/plot-spec.js';
import { Trace } from '../../src/core/trace.js';

const MIB = 1024 * 1024;

function trace(points: [ms: number, mb: number][]): Trace {
  const t = new Trace();
  for (const [ms, mb] of points) t.append(ms, mb * MIB, NaN);
  return t;
}

function longTrace(samples: number, spikeAt: number): Trace {
  const t = new Trace();
  for (let i = 0; i < samples; i++) t.append(i, (i === spikeAt ? 500 : 20) * MIB, NaN);
  return t;
}

const small = trace([
  [0, 10],
  [50, 30],
  [120, 60],
  [230, 20],
]);
const canvas = { provider: 'aws-lambda-2020', allocatedMb: 128, billedDurationMs: 300, usedMb: 60, durationMs: 250 };
const hull = computeHull([{ trace: small, durationMs: 250 }]);
const full: PlotInput = {
  title: 'Test plot',
  traces: [{ name: 'a', trace: small, durationMs: 250 }],
  hull,
  uhull: computeUhull(hull),
  canvas,
};

describe('plot series', () => {
  it('names every series once, in legend order, with the canvas figures', () => {
    const styles = seriesStyles({ ...full, traces: [...full.traces, { name: 'a', trace: small, durationMs: 250 }] });
    expect(styles.map((s) => s.name)).toEqual([
      'a',
      'a (2)',
      'hull',
      'upscaling hull',
      'aws-lambda-2020: 128 MB, 0.3 s billed',
      'used: 60 MB, 0.25 s',
    ]);
    expect(styles.map((s) => s.dashed)).toEqual([false, false, false, false, false, true]);
    expect(seriesStyles({ title: '', traces: [{ name: 'hull', trace: small, durationMs: 250 }], hull }).map((s) => s.name)).toEqual([
      'hull (2)',
      'hull',
    ]);
  });

  it('closes a trace at 0 at its start and finish, as the raw file does', () => {
    const points = plotPoints(full).filter((p) => p.series === 'a');
    expect(points.map((p) => [p.t, p.mb])).toEqual([
      [0, 0],
      [0, 10],
      [0.05, 30],
      [0.12, 60],
      [0.23, 20],
      [0.25, 0],
    ]);
  });

  it('draws the canvas as the billed corner and the used corner', () => {
    const points = plotPoints(full).filter((p) => p.kind === 'canvas');
    expect(points.map((p) => [p.t, p.mb])).toEqual([
      [0, 128],
      [0.3, 128],
      [0.3, 0],
      [0, 60],
      [0.25, 60],
      [0.25, 0],
    ]);
  });

  it('puts each hull step where its bucket starts, ending in the closing 0', () => {
    const points = plotPoints(full).filter((p) => p.series === 'hull');
    expect(points.map((p) => [p.t, p.mb])).toEqual([
      [0, 10],
      [0.05, 60],
      [0.15, 20],
      // The finish row's bucket at 0.25 s, then the closing one.
      [0.25, 0],
      [0.35, 0],
    ]);
  });

  it('keeps a 100k-sample trace under the point budget without losing a 1 ms spike', () => {
    const points = plotPoints({ title: 't', traces: [{ name: 'long', trace: longTrace(100_000, 61_234), durationMs: 100_000 }] }, 2000);
    expect(points.length).toBeLessThanOrEqual(2002);
    expect(Math.max(...points.map((p) => p.mb))).toBe(500);
  });
});

describe('plotSpec', () => {
  it('is a layered Vega-Lite spec with time (s) and memory (MB) axes and one legend', () => {
    const spec = plotSpec(full, { width: 500, height: 200 }) as unknown as {
      title: string;
      width: number;
      encoding: Record<'x' | 'y' | 'color' | 'strokeDash', { title?: string; scale: { domain: unknown[] }; legend?: unknown }>;
      layer: { mark: { interpolate?: string } }[];
    };
    expect(spec.title).toBe('Test plot');
    expect(spec.width).toBe(500);
    expect(spec.encoding.x.title).toBe('time (s)');
    expect(spec.encoding.y.title).toBe('memory (MB)');
    expect(spec.encoding.color.scale.domain).toEqual(seriesStyles(full).map((s) => s.name));
    expect(spec.encoding.strokeDash.legend).toEqual(spec.encoding.color.legend);
    expect(spec.layer.map((l) => l.mark.interpolate ?? 'linear')).toEqual(['linear', 'linear', 'step-after', 'step-after']);
    expect(JSON.parse(JSON.stringify(spec))).toEqual(spec);
  });

  it('leaves out the layers nothing was asked for', () => {
    const spec = plotSpec({ title: 'only a trace', traces: full.traces }) as unknown as { layer: unknown[] };
    expect(spec.layer).toHaveLength(1);
  });
});

describe('asciiPlot', () => {
  it('fits the width and lists every series under the chart', () => {
    const lines = asciiPlot(full, { width: 60, height: 10, color: false });
    expect(lines[0]).toBe('Test plot');
    for (const line of lines) expect([...line].length).toBeLessThanOrEqual(60);
    expect(lines.join('\n')).toMatch(/┤/);
    for (const style of seriesStyles(full)) expect(lines.some((l) => l.endsWith(`─── ${style.name}`))).toBe(true);
    expect(lines.join('')).not.toMatch(/\x1b\[/);
  });

  it('colours each series when asked', () => {
    const lines = asciiPlot(full, { width: 60, height: 10, color: true });
    expect(lines.join('')).toMatch(/\x1b\[3\dm/);
  });
});
