/* eslint-disable no-control-regex -- these tests check terminal escape sequences, which are control characters */
import { describe, expect, it } from 'vitest';
import {
  asciiRampLines,
  colorAllowed,
  describeImage,
  fitPixels,
  halfBlockLines,
  previewLines,
  type RgbImage,
} from '../../src/core/half-blocks.js';

/** width × height pixels, each from a function of its position. */
function image(width: number, height: number, at: (x: number, y: number) => [number, number, number]): RgbImage {
  const data = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) data.set(at(x, y), (y * width + x) * 3);
  return { width, height, data };
}

const strip = (line: string) => line.replace(/\x1b\[[\d;]*m/g, '');

describe('half blocks', () => {
  it('puts the upper pixel in the foreground and the lower in the background', () => {
    const lines = halfBlockLines(image(2, 2, (x, y) => (y === 0 ? [255, 0, x * 10] : [0, 0, 255])));
    expect(lines).toEqual(['\x1b[38;2;255;0;0m\x1b[48;2;0;0;255m▀\x1b[38;2;255;0;10m▀\x1b[0m']);
  });

  it('draws two pixel rows a line, leaving the default background under an odd last row', () => {
    const lines = halfBlockLines(image(3, 5, () => [9, 9, 9]));
    expect(lines).toHaveLength(3);
    expect(lines.map((l) => strip(l))).toEqual(['▀▀▀', '▀▀▀', '▀▀▀']);
    expect(lines[2]).toContain('\x1b[49m');
  });

  it('falls back to an ASCII brightness ramp of the same shape without colour', () => {
    const lines = asciiRampLines(image(4, 4, (x) => (x < 2 ? [0, 0, 0] : [255, 255, 255])));
    expect(lines).toEqual(['  @@', '  @@']);
    expect(
      previewLines(
        image(4, 4, () => [0, 0, 0]),
        false,
      ).join(''),
    ).not.toMatch(/\x1b|▀/);
  });

  it('fits a 4:3 photo into 38 × 12 cells as square-ish pixels', () => {
    expect(fitPixels(2000, 1500, 38, 12)).toEqual({ width: 32, height: 24 });
    expect(fitPixels(1000, 100, 38, 12)).toEqual({ width: 38, height: 3 });
  });

  it('turns colour off under NO_COLOR and in a dumb terminal', () => {
    expect(colorAllowed({ TERM: 'xterm-256color' })).toBe(true);
    expect(colorAllowed({ TERM: 'xterm-256color', NO_COLOR: '1' })).toBe(false);
    expect(colorAllowed({ TERM: 'xterm-256color', NO_COLOR: '' })).toBe(true);
    expect(colorAllowed({ TERM: 'dumb' })).toBe(false);
  });

  it('describes an image in one line for the plain-text fallback', () => {
    expect(describeImage({ name: 'sample-1mb.jpg', width: 2000, height: 1500, format: 'jpeg', bytes: 1_064_721 })).toBe(
      'sample-1mb.jpg: 2000×1500 px JPEG, 1.0 MiB',
    );
  });
});
