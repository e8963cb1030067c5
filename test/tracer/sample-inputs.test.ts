import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, it } from 'vitest';
import { SAMPLE_JPEGS, sampleJpeg } from '../../src/core/sample-jpeg.js';
import { ensureSampleInputs } from '../../src/tracer/samples/ensure.js';

it('writes the sample JPEGs off the main thread, byte for byte what the generator makes', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'functracer-inputs-'));
  // The TUI draws while the images are made: the event loop must keep turning.
  let longestGapMs = 0;
  let last = performance.now();
  const ticker = setInterval(() => {
    const now = performance.now();
    longestGapMs = Math.max(longestGapMs, now - last);
    last = now;
  }, 10);
  const files = await ensureSampleInputs(dir);
  clearInterval(ticker);
  expect(files.map((f) => path.basename(f.path))).toEqual(SAMPLE_JPEGS.map((s) => s.fileName));
  expect(files.every((f) => f.created)).toBe(true);
  expect(longestGapMs).toBeLessThan(500);
  expect(fs.readFileSync(files[0]!.path).equals(sampleJpeg(SAMPLE_JPEGS[0]!))).toBe(true);
  // A second call keeps what is there.
  expect((await ensureSampleInputs(dir)).every((f) => !f.created)).toBe(true);
}, 120_000);

it('stops at once when its signal is aborted, leaving no JPEG and no partial file', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'functracer-inputs-stop-'));
  const stop = new AbortController();
  const writing = ensureSampleInputs(dir, () => setImmediate(() => stop.abort(new Error('quit'))), stop.signal);
  const started = Date.now();
  await expect(writing).rejects.toThrow('quit');
  // The 1 MB picture alone takes about a second to encode; a stop does not wait for it.
  expect(Date.now() - started).toBeLessThan(500);
  expect(fs.readdirSync(dir)).toEqual([]);
  fs.rmSync(dir, { recursive: true, force: true });
});
