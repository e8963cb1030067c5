// Colour is forced on before Ink (and chalk) load, so the frames hold the colour codes a terminal would get.
process.env.FORCE_COLOR = '3';

import fs from 'node:fs';
import path from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { beforeAll, afterEach, describe, expect, it } from 'vitest';
import type { ImageProtocol } from '../../src/core/inline-image.js';

const { cleanup } = await import('ink-testing-library');
const { renderHome } = await import('./support/home.js');
const { listJpegs } = await import('../../src/app/file-service.js');
const { loadPreview, previewPng } = await import('../../src/app/picture-service.js');
const { SAMPLE_JPEGS } = await import('../../src/core/sample-jpeg.js');
const { ensureSampleInputs } = await import('../../src/tracer/samples/ensure.js');
const { fakeEngine, fakeServices, memshapeTrace, sampleStatuses, scriptedJob, tempDir } = await import('./support/fakes.js');
const { KEY, press, waitForFrame } = await import('./support/keys.js');

afterEach(() => cleanup());

let inputs: string;
beforeAll(async () => {
  // The three samples alone, so the list is the same on every machine.
  inputs = tempDir('inputs');
  for (const file of await ensureSampleInputs()) fs.copyFileSync(file.path, path.join(inputs, path.basename(file.path)));
}, 120_000);

const ESC = String.fromCharCode(27);
/** SGR colours (foreground, background, 256 and RGB); bold and dim are not colour. */
const COLOUR = new RegExp(`${ESC}\\[(3[0-9]|4[0-9]|9[0-7]|38;|48;)`);

const engine = fakeEngine(() => scriptedJob(memshapeTrace()).job);

function home(protocol: ImageProtocol) {
  const services = fakeServices(engine, { listSampleInputs: () => listJpegs(inputs), loadPreview, previewPng });
  const chrome = { width: 80, height: 22, color: protocol !== 'text', top: 1 };
  const app = renderHome(
    { ...chrome, active: true },
    {
      services,
      engine: { status: 'ready', engine },
      samples: { phase: 'ready', statuses: sampleStatuses(), rows: [] },
      imageProtocol: protocol,
    },
  );
  return { ...app, hide: () => app.rerender({ ...chrome, active: false }) };
}

/** The screen's lines as a terminal shows them, colour codes removed. */
const visible = (frame: string) => frame.split('\n').map((line) => stripVTControlCharacters(line));

describe('the sample image preview at 80×24', () => {
  SAMPLE_JPEGS.forEach((spec, i) => {
    it(`draws ${spec.fileName} in coloured half blocks inside the input pane`, async () => {
      const app = home('half-blocks');
      await waitForFrame(app.lastFrame, (f) => f.includes('sample-5mb.jpg'));
      await press(app, KEY.tab, ...Array.from({ length: i }, () => 'j'));
      const frame = await waitForFrame(app.lastFrame, (f) => f.includes('▀') && f.includes(`›  ${spec.fileName}`));
      expect(frame).toContain(`›  ${spec.fileName}`);
      // 24-bit colour, foreground for the upper pixel and background for the lower.
      expect(frame).toMatch(new RegExp(`${ESC}\\[38;2;\\d+;\\d+;\\d+m`));
      expect(frame).toMatch(new RegExp(`${ESC}\\[48;2;\\d+;\\d+;\\d+m`));
      const lines = visible(frame);
      expect(lines.length).toBeLessThanOrEqual(22);
      for (const line of lines) expect([...line].length).toBeLessThanOrEqual(80);
      const blocks = lines.filter((line) => line.includes('▀'));
      expect(blocks.length).toBeGreaterThanOrEqual(6);
      expect(blocks.length).toBeLessThanOrEqual(12);
      for (const line of blocks) expect([...line.replace(/[^▀]/g, '')].length).toBeLessThanOrEqual(38);
      // The photos are 4:3, and a cell holds two pixels one above the other: about 4 columns for every 3 rows of pixels.
      const width = [...blocks[0]!.replace(/[^▀]/g, '')].length;
      expect(width / (blocks.length * 2)).toBeCloseTo(spec.width / spec.height, 0);
    });

    it(`describes ${spec.fileName} in plain text without colour`, async () => {
      const app = home('text');
      await waitForFrame(app.lastFrame, (f) => f.includes('sample-5mb.jpg'));
      await press(app, KEY.tab, ...Array.from({ length: i }, () => 'j'));
      const frame = await waitForFrame(app.lastFrame, (f) => f.includes(`${spec.fileName}: ${spec.width}×${spec.height} px JPEG`));
      expect(frame).not.toContain('▀');
      expect(frame).not.toMatch(COLOUR);
      expect(visible(frame).length).toBeLessThanOrEqual(22);
    });
  });

  it('leaves the cells blank for kitty and draws there itself, at the pane’s position, and removes it when hidden', async () => {
    const app = home('kitty');
    await waitForFrame(app.lastFrame, (f) => f.includes('sample-5mb.jpg'));
    await press(app, KEY.tab);
    const written = await waitForFrame(
      () => app.frames.join(''),
      (all) => all.includes(`${ESC}_Ga=T,f=100`),
      10_000,
    );
    // Header row, pane border and title, three list rows: the picture starts on the terminal's 7th row, one column into the right half.
    expect(written).toContain(`${ESC}7${ESC}[7;42H${ESC}_Ga=d,d=A,q=2;`);
    expect(written).toMatch(/a=T,f=100,t=d,q=2,C=1,c=\d+,r=\d+/);
    expect(app.lastFrame()).not.toContain('▀');
    // Another screen on top: the picture goes, so it cannot show through.
    const before = app.frames.length;
    app.hide();
    await waitForFrame(
      () => app.frames.slice(before).join(''),
      (later) => later.includes(`${ESC}_Ga=d,d=A,q=2;`),
    );
  });
});
