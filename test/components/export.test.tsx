import fs from 'node:fs';
import path from 'node:path';
import { cleanup } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import { exportPlot } from '../../src/app/picture-service.js';
import { DEFAULT_SETTINGS } from '../../src/app/settings.js';
import { recordedSource, TraceSession } from '../../src/app/trace-session.js';
import { parseSvg } from '../support/svg.js';
import { memshapeTrace, scriptedJob, tempDir } from './support/fakes.js';
import { press, waitForFrame } from './support/keys.js';
import { renderTrace } from './support/trace.js';

afterEach(() => cleanup());

const PNG_MAGIC = [0x89, 0x50, 0x4e, 0x47];

describe('the export key', () => {
  it('writes the trace with its billing canvas as SVG and PNG into the output folder, and names the files', async () => {
    const cwd = tempDir('export');
    // The real renderer (Vega and sharp), with the output folder relative to a working directory of the test's own.
    const exporter = {
      cwd,
      exportPlot: (input: Parameters<typeof exportPlot>[0], outDir: string, stem: string) =>
        exportPlot(input, path.join(cwd, outDir), stem),
    };
    const source = recordedSource('memshape', memshapeTrace(), 1000, '/elsewhere/functracer-20260101-000000-1-1-rawresults.csv');
    const app = renderTrace(source, { settings: { ...DEFAULT_SETTINGS, outDir: 'pictures' }, exporter });
    const before = await waitForFrame(app.lastFrame, (f) => f.includes('e export'));
    expect(before).toContain('memshape');
    await press(app, 'e');
    const saved = await waitForFrame(app.lastFrame, (f) => f.includes('Saved'), 20_000);
    expect(saved).toContain('Saved pictures/functracer-20260101-000000-1-1-plot.svg and .png');

    const svg = fs.readFileSync(path.join(cwd, 'pictures/functracer-20260101-000000-1-1-plot.svg'), 'utf8');
    const parsed = parseSvg(svg);
    expect(Number(parsed.root.width)).toBeGreaterThan(700);
    expect(parsed.texts).toContain('memshape');
    expect(parsed.texts).toContain('functracer-20260101-000000-1-1');
    expect(parsed.texts.some((t) => t.startsWith('aws-lambda-x86: '))).toBe(true);
    const png = fs.readFileSync(path.join(cwd, 'pictures/functracer-20260101-000000-1-1-plot.png'));
    expect([...png.subarray(0, 4)]).toEqual(PNG_MAGIC);
    // The message goes with the next key.
    await press(app, 'j');
    await waitForFrame(app.lastFrame, (f) => !f.includes('Saved'));
  }, 30_000);

  it('names a picture exported mid-run after the run’s trace, which is known before the first sample', async () => {
    const cwd = tempDir('export-live');
    const exporter = {
      cwd,
      exportPlot: (input: Parameters<typeof exportPlot>[0], outDir: string, stem: string) =>
        exportPlot(input, path.join(cwd, outDir), stem),
    };
    const job = scriptedJob(memshapeTrace(60_000), { batch: 10, everyMs: 5, rawCsv: '/out/functracer-20261202-040000-7-1-rawresults.csv' });
    const source = new TraceSession('memshape', job.job);
    source.start();
    const app = renderTrace(source, { settings: { ...DEFAULT_SETTINGS, outDir: 'pictures' }, exporter });
    await waitForFrame(app.lastFrame, (f) => f.includes('e export') && f.includes('running'));
    await press(app, 'e');
    const saved = await waitForFrame(app.lastFrame, (f) => f.includes('Saved'), 20_000);
    expect(saved).toContain('Saved pictures/functracer-20261202-040000-7-1-plot.svg and .png');
    await source.stop();
  }, 30_000);
});
