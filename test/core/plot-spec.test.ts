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
      'used: 60 MiB, 0.25 s',
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

  it('holds the sample after a gap in the sampling over the whole gap: it is the peak of that window', () => {
    const trace = new Trace();
    for (let t = 0; t < 100; t++) if (t <= 40 || t >= 70) trace.append(t, (t === 70 ? 60 : 16) * MIB, 0);
    const points = plotPoints({ title: '', traces: [{ name: 'gap', trace, durationMs: 100 }] }).map((p) => [p.t, p.mb]);
    // From the last sample before the gap (40 ms) the line stands at the 60 MB the next sample says it reached.
    const at = points.findIndex(([t, mb]) => t === 0.04 && mb === 60);
    expect(at).toBeGreaterThan(0);
    expect(points[at - 1]).toEqual([0.04, 16]);
    expect(points[at + 1]).toEqual([0.07, 60]);
    // Samples at the sampler's own pace are joined as before, with no step of their own.
    expect(points.filter(([t]) => t === 0.02)).toEqual([[0.02, 16]]);
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
  it('is a layered Vega-Lite spec with time (s) and memory (MiB) axes and one legend', () => {
    const spec = plotSpec(full, { width: 500, height: 200 }) as unknown as {
      title: string;
      width: number;
      encoding: Record<'x' | 'y' | 'color' | 'strokeDash', { title?: string; scale: { domain: unknown[] }; legend?: unknown }>;
      layer: { mark: { interpolate?: string } }[];
    };
    expect(spec.title).toBe('Test plot');
    expect(spec.width).toBe(500);
    expect(spec.encoding.x.title).toBe('time (s)');
    expect(spec.encoding.y.title).toBe('memory (MiB)');
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
    for (const style of seriesStyles(full)) expect(lines.some((l) => new RegExp(`[─━═╌┄]{3} ${style.name}$`).test(l))).toBe(true);
    expect(lines.join('')).not.toMatch(/\x1b\[/);
  });

  it("runs a trace from the start row's 0 to the finish row's 0, as the SVG does", () => {
    const late = trace([
      [200, 30],
      [900, 70],
    ]);
    for (const width of [60, 80]) {
      const lines = asciiPlot(
        { title: 't', traces: [{ name: 'late', trace: late, durationMs: 1500 }] },
        { width, height: 8, color: false },
      );
      for (const line of lines) expect([...line].length).toBeLessThanOrEqual(width);
      const zeroRow = lines.find((l) => /^ +0\.0 /.test(l))!;
      const plotArea = zeroRow.replace(/^ +0\.0 ./, '');
      // At 0 from the start until the first sample, and back at 0 at the finish, the chart's last column.
      expect(plotArea).toMatch(/^─+╯ +╰ *$/);
      const top = lines.find((l) => /^ +70\.0 /.test(l))!;
      expect(top.trimEnd()).toMatch(/╮$/);
    }
  });

  it('colours each series when asked', () => {
    const lines = asciiPlot(full, { width: 60, height: 10, color: true });
    expect(lines.join('')).toMatch(/\x1b\[3\dm/);
  });
});

describe('limits and many traces', () => {
  /** An autotuned run: the limit starts at 32 MB, is raised to 96 MB at 100 ms and lowered to 48 MB at 200 ms. */
  const tuned = new Trace();
  for (let t = 0; t < 300; t += 10) tuned.append(t, (t < 150 ? 20 + t / 3 : 30) * MIB, (t < 100 ? 32 : t < 200 ? 96 : 48) * MIB);
  const input: PlotInput = { title: 'tuned', traces: [{ name: 'tuned', trace: tuned, durationMs: 300 }], noLimitBytes: 8192 * MIB };

  it('draws the limit column as a step line of its own, under the usage, with its own legend entry', () => {
    expect(seriesStyles(input).map((s) => s.name)).toEqual(['tuned', 'memory limit']);
    const limit = plotPoints(input).filter((p) => p.series === 'memory limit');
    expect(limit.map((p) => [p.t, p.mb])).toEqual([
      [0, 32],
      [0.1, 96],
      [0.2, 48],
      [0.3, 48],
    ]);
    const spec = plotSpec(input) as unknown as { layer: { mark: { interpolate?: string; strokeWidth: number } }[] };
    expect(spec.layer[0]!.mark).toMatchObject({ interpolate: 'step-after', strokeWidth: 4 });
    const text = asciiPlot(input, { width: 60, height: 12, color: false }).join('\n');
    expect(text).toMatch(/╌╌╌ memory limit/);
    // Without colour the limit is a dashed line, the usage a light one.
    expect(text).toMatch(/┌╌+/);
    expect(text).toMatch(/─/);
    // The chart reaches up to the raised limit, 96 MB, though the usage stays under 70.
    expect(text).toMatch(/^ +96\.0 [┼┤]/m);
  });

  it('draws no limit where the column only says the container had none', () => {
    const free = new Trace();
    for (let t = 0; t < 300; t += 10) free.append(t, 20 * MIB, 8192 * MIB);
    const none = { ...input, traces: [{ name: 'free', trace: free, durationMs: 300 }] };
    expect(seriesStyles(none).map((s) => s.name)).toEqual(['free']);
    expect(plotPoints(none).some((p) => p.kind === 'limit')).toBe(false);
  });

  it('draws more than 8 traces in one neutral colour under one legend entry, and the hulls in colour', () => {
    const runs = Array.from({ length: 20 }, (_, i) => ({ name: `run ${i + 1}`, trace: small, durationMs: 250 + i }));
    const many: PlotInput = { title: 'training', traces: runs, hull, uhull: computeUhull(hull) };
    const styles = seriesStyles(many);
    expect(styles.map((s) => s.name)).toEqual(['20 traces', 'hull', 'upscaling hull']);
    const colors = styles.map((s) => s.color);
    expect(new Set(colors).size).toBe(3);
    const traceLines = new Set(
      plotPoints(many)
        .filter((p) => p.series === '20 traces')
        .map((p) => p.line),
    );
    expect(traceLines.size).toBe(20);
    const spec = plotSpec(many) as unknown as { encoding: { detail: { field: string } } };
    expect(spec.encoding.detail.field).toBe('line');
    const lines = asciiPlot(many, { width: 80, height: 10, color: false });
    const legend = lines.filter((l) => /^ +[─━═]{3} /.test(l));
    expect(legend.map((l) => l.trim())).toEqual(['─── 20 traces', '━━━ hull', '═══ upscaling hull']);
    // Without colour each kind of line is drawn in its own style, so the three can be told apart.
    const body = lines.slice(1, -4).join('\n');
    for (const glyph of ['─', '━', '═']) expect(body).toContain(glyph);
  });
});
