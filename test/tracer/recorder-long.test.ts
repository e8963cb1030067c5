import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { RunRecorder } from '../../src/tracer/recorder.js';
import { RawCsvFile } from '../../src/tracer/csv-file.js';
import { everySample } from '../../src/ops/trace-file.js';
import { costInput } from '../../src/ops/price-result.js';
import { mulberry32 } from '../../src/core/random.js';

const MIB = 2 ** 20;
const HOST = 8 * 2 ** 30;
const T0 = 1_700_000_000_000;
let dir: string | undefined;
afterEach(() => dir && fs.rmSync(dir, { recursive: true, force: true }));

/** `minutes` of a sampler's batches, 64 samples each about a ms apart, memory wandering under a limit that changes. */
function* batches(minutes: number): Iterable<Float64Array> {
  const next = mulberry32(11);
  let t = T0 + 0.4;
  const end = T0 + minutes * 60_000;
  while (t < end) {
    const batch: number[] = [];
    for (let k = 0; k < 64; k++, t += 0.8 + next() * 0.4) {
      // Lowered from the 60th to the 100th second only: the swing that reaches it, at 71 s, is long folded by the end.
      const limit = t > T0 + 60_000 && t < T0 + 100_000 ? 180 * MIB : 512 * MIB;
      batch.push(t, Math.round((100 + 80 * Math.sin((t - T0) / 9000) + next() * 8) * MIB), limit, NaN);
    }
    yield Float64Array.from(batch);
  }
}

describe('a long run through the recorder', () => {
  it('keeps a few seconds of samples one by one and still gives the figures its CSV gives', async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'functracer-long-'));
    const csv = new RawCsvFile(path.join(dir, 'long-rawresults.csv'));
    const recorder = new RunRecorder(csv, HOST);
    recorder.markStarted(T0);
    for (const batch of batches(3)) recorder.add(batch);
    recorder.finish(T0 + 3 * 60_000 - 7.3);
    await csv.close();
    const live = { trace: recorder.trace, rawCsv: csv.path };
    expect(live.trace.complete).toBe(false);
    expect(live.trace.length).toBeLessThan(live.trace.sampleCount / 2);

    const read = await everySample(live);
    expect(read.complete).toBe(true);
    const durationMs = recorder.durationMs!;
    const figures = (trace: typeof read) => ({
      samples: trace.sampleCount,
      peak: trace.peakBytes,
      first: trace.firstTime,
      last: trace.lastTime,
      rate: trace.samplesPerSecond,
      nearLimit: trace.reachedLimit(64 * 1024),
      priced: costInput({ durationMs, peakBytes: trace.peakBytes, trace }, { requests: 1, freeTier: false }),
    });
    expect(figures(live.trace)).toEqual(figures(read));
    expect(figures(read).nearLimit).toBe(true);
  });
});
