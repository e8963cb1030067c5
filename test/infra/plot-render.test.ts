import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { computeHull, computeUhull } from '../../src/core/hull.js';
import { plotSpec } from '../../src/core/plot-spec.js';
import { Trace } from '../../src/core/trace.js';
import { PNG_SCALE, renderSvg, svgToPng } from '../../src/infra/plot-render.js';
import { parseSvg } from '../support/svg.js';

const MIB = 1024 * 1024;

describe('rendering a long trace', () => {
  it('draws 100 s at 1 kHz with a 1 ms spike to a small SVG and PNG in a few seconds', async () => {
    const trace = new Trace();
    for (let i = 0; i < 100_000; i++) trace.append(i, (40 + 10 * Math.sin(i / 3000) + (i === 61_234 ? 200 : 0)) * MIB, NaN);
    const hull = computeHull([{ trace, durationMs: 100_000 }]);
    const spec = plotSpec({
      title: '100k samples',
      traces: [{ name: 'long', trace, durationMs: 100_000 }],
      hull,
      uhull: computeUhull(hull, { bufferPct: 10 }),
      canvas: { provider: 'aws-lambda-2020', allocatedMb: 256, billedDurationMs: 100_000, usedMb: 250, durationMs: 100_000 },
    });
    const started = performance.now();
    const svg = await renderSvg(spec);
    const png = await svgToPng(svg);
    const ms = performance.now() - started;
    const parsed = parseSvg(svg);
    expect(parsed.texts).toContain('long');
    // The y axis reaches the spike: 250 MB needs a tick above 240.
    expect(
      parsed.texts
        .map(Number)
        .filter((n) => Number.isFinite(n))
        .some((n) => n >= 250),
    ).toBe(true);
    expect(svg.length).toBeLessThan(250_000);
    const meta = await sharp(png).metadata();
    expect(meta.width).toBe(Number(parsed.root.width) * PNG_SCALE);
    expect(ms).toBeLessThan(10_000);
  });
});
