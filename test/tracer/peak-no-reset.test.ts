/**
 * cgroup v2 before kernel 6.12 (and a reader without write access) cannot
 * reset memory.peak: it is the run's high so far. The sampler still gives each
 * window that set a new high its exact maximum, and other windows their instant
 * usage. A fixture tree stands in for the kernel: the test writes the files as
 * the kernel would between the worker's reads.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SAMPLE_STRIDE } from '../../src/core/trace.js';
import { startCgroupSampler } from '../../src/tracer/cgroup/sampler.js';

const MIB = 2 ** 20;
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Sample values in MiB, with repeats folded: the shape the worker saw. */
function shapeOf(samples: number[]): number[] {
  const shape: number[] = [];
  for (let i = 1; i < samples.length; i += SAMPLE_STRIDE) {
    const mib = Math.round(samples[i]! / MIB);
    if (shape.at(-1) !== mib) shape.push(mib);
  }
  return shape;
}

async function traceFixture(resetPeak: boolean, steps: { usage: number; peak: number }[]) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'functracer-peak-'));
  // Rewritten in place at a fixed width, as the worker rereads its open descriptor: a truncation would read as 0.
  const write = (name: string, mib: number) => {
    const fd = fs.openSync(path.join(dir, name), fs.existsSync(path.join(dir, name)) ? 'r+' : 'w');
    fs.writeSync(fd, `${mib * MIB}`.padEnd(20) + '\n', 0);
    fs.closeSync(fd);
  };
  write('memory.current', steps[0]!.usage);
  write('memory.peak', steps[0]!.peak);
  fs.writeFileSync(path.join(dir, 'memory.max'), 'max\n');
  const samples: number[] = [];
  const sampler = startCgroupSampler({ resetPeak, intervalMs: 1, batchMs: 1 }, (batch) => samples.push(...batch));
  await sampler.ready;
  sampler.watch({
    usagePath: path.join(dir, 'memory.current'),
    limitPath: path.join(dir, 'memory.max'),
    peakPath: path.join(dir, 'memory.peak'),
  });
  const readsSince = (t: number) => {
    let reads = 0;
    for (let i = 0; i < samples.length; i += SAMPLE_STRIDE) if (samples[i]! > t) reads += 1;
    return reads;
  };
  for (const step of steps) {
    // A spike that comes and goes between two reads: only the mark remembers it.
    write('memory.peak', step.peak);
    write('memory.current', step.usage);
    // However slow the host, each step stands until the worker has read it a few times.
    const written = performance.timeOrigin + performance.now();
    while (readsSince(written + 1) < 3) await pause(5);
  }
  const summary = await sampler.stop();
  fs.rmSync(dir, { recursive: true });
  return { samples, summary };
}

describe('a mark that cannot be reset', () => {
  it('shows each spike that sets a new high at its height, and the instant usage elsewhere', async () => {
    const { samples, summary } = await traceFixture(false, [
      { usage: 8, peak: 8 },
      { usage: 8, peak: 40 }, // a spike to 40 MiB between reads
      { usage: 8, peak: 40 }, // a second one to 40 cannot be told from the first
      { usage: 8, peak: 72 }, // a higher one can
      { usage: 16, peak: 72 },
    ]);
    expect(shapeOf(samples)).toEqual([8, 40, 8, 72, 8, 16]);
    // The report says what the samples are, and the peak is the highest mark the function itself set.
    expect(summary.marks).toBe('rising');
    expect(summary.kernelPeakBytes).toBe(72 * MIB);
  });
});
