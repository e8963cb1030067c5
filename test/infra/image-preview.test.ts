/* eslint-disable no-control-regex -- these tests check terminal escape sequences, which are control characters */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { describeImage, previewLines } from '../../src/core/half-blocks.js';
import { fitCells, kittyImage } from '../../src/core/inline-image.js';
import { imagePreviewPng, loadImagePreview } from '../../src/infra/image-preview.js';
import { ensureSampleInputs } from '../../src/tracer/samples/ensure.js';

// The sample pane of an 80×24 screen: about half the width, half the height, inside its border.
const PANE = { columns: 38, rows: 12 };
const visible = (line: string) => [...line.replace(/\x1b\[[\d;]*m/g, '')].length;

let samples: string[] = [];
beforeAll(async () => {
  samples = (await ensureSampleInputs()).map((f) => f.path);
}, 120_000);

describe('sample image previews', () => {
  it('has the three sample images', () => {
    expect(samples.map((s) => path.basename(s))).toEqual(['sample-1mb.jpg', 'sample-2mb.jpg', 'sample-5mb.jpg']);
  });

  for (const name of ['sample-1mb.jpg', 'sample-2mb.jpg', 'sample-5mb.jpg']) {
    it(`renders ${name} in coloured half blocks that fit an 80×24 pane, and in plain text without colour`, async () => {
      const file = samples.find((s) => path.basename(s) === name)!;
      const started = performance.now();
      const preview = await loadImagePreview(file, PANE);
      const ms = performance.now() - started;
      expect(preview.format).toBe('jpeg');
      expect(preview.image.width).toBeLessThanOrEqual(PANE.columns);
      expect(preview.image.height).toBeLessThanOrEqual(PANE.rows * 2);
      expect(preview.image.data.length).toBe(preview.image.width * preview.image.height * 3);

      const color = previewLines(preview.image, true);
      expect(color).toHaveLength(Math.ceil(preview.image.height / 2));
      expect(color.length).toBeLessThanOrEqual(PANE.rows);
      for (const line of color) {
        expect(visible(line)).toBe(preview.image.width);
        expect(line).toMatch(/\x1b\[38;2;\d+;\d+;\d+m/);
        expect(line).toContain('▀');
      }
      expect(color.join('')).toMatch(/\x1b\[48;2;\d+;\d+;\d+m/);

      const plain = previewLines(preview.image, false);
      expect(plain).toHaveLength(color.length);
      expect(plain.join('')).not.toMatch(/\x1b|▀/);
      expect(describeImage({ name, width: preview.sourceWidth, height: preview.sourceHeight, format: preview.format })).toMatch(
        /^sample-\dmb\.jpg: \d+×\d+ px JPEG$/,
      );
      // Drawn as the user moves through the list, so it has to be quick even for the 5 MB photo.
      expect(ms).toBeLessThan(2000);
    });
  }

  it('makes a small PNG for the inline image protocols', async () => {
    const file = samples[0]!;
    const png = await imagePreviewPng(file, 320);
    const meta = await sharp(png).metadata();
    expect(meta.format).toBe('png');
    expect(Math.max(meta.width, meta.height)).toBe(320);
    const cells = fitCells(meta.width, meta.height, PANE);
    expect(kittyImage(png, cells)).toMatch(/^\x1b_Ga=T,f=100,/);
  });

  it('names the file it cannot decode', async () => {
    const bad = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'functracer-preview-')), 'broken.jpg');
    fs.writeFileSync(bad, 'not a jpeg');
    await expect(loadImagePreview(bad, PANE)).rejects.toThrow(/cannot preview .*broken\.jpg/);
    await expect(imagePreviewPng(path.join(path.dirname(bad), 'missing.jpg'))).rejects.toThrow(/cannot preview .*missing\.jpg/);
  });
});
