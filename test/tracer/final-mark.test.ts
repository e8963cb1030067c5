import fs from 'node:fs';
import { Worker } from 'node:worker_threads';
import { afterEach, beforeAll, expect, it } from 'vitest';
import { dockerRuntime } from '../../src/tracer/docker-runtime.js';
import { buildSamples } from '../../src/tracer/samples/builder.js';
import { traceRun } from '../../src/tracer/tracer.js';
import { describeWithEngine, engineForTests } from '../support/engine.js';

const MIB = 1024 * 1024;
const PARENTS = '/sys/fs/cgroup/memory/functracer';
const docker = await engineForTests();

/**
 * The tracer resets the container's memory mark as it samples, so that mark
 * cannot check it. Its memory+swap mark is one the tracer never touches: with
 * no swap in use it is the kernel's own peak of the container. (The run
 * parent's is no use: the parent's per-CPU charge stock puts it a few hundred
 * KiB above any child.) A worker reads it for every container every
 * millisecond; the last value read before the cgroup goes is the final mark.
 */
const POLLER = `
const { readdirSync, readFileSync } = require('node:fs');
const { parentPort, workerData } = require('node:worker_threads');
const stop = new Int32Array(workerData.stop);
const marks = {};
while (Atomics.load(stop, 0) === 0) {
  let dirs = [];
  try { dirs = readdirSync(workerData.parents); } catch {}
  for (const run of dirs) {
    let containers = [];
    try { containers = readdirSync(workerData.parents + '/' + run, { withFileTypes: true }).filter((d) => d.isDirectory()); } catch {}
    for (const c of containers) {
      try { marks[c.name] = Number(readFileSync(workerData.parents + '/' + run + '/' + c.name + '/memory.memsw.max_usage_in_bytes', 'utf8')); } catch {}
    }
  }
  Atomics.wait(stop, 0, 0, 1);
}
parentPort.postMessage(marks);
`;

function pollFinalMarks(): () => Promise<Record<string, number>> {
  const stop = new SharedArrayBuffer(4);
  const worker = new Worker(POLLER, { eval: true, workerData: { parents: PARENTS, stop } });
  const marks = new Promise<Record<string, number>>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });
  return async () => {
    Atomics.store(new Int32Array(stop), 0, 1);
    Atomics.notify(new Int32Array(stop), 0);
    const result = await marks;
    await worker.terminate();
    return result;
  };
}

const hasIndependentMark = fs.existsSync('/sys/fs/cgroup/memory/memory.memsw.max_usage_in_bytes');

describeWithEngine('the peak at the default interval', docker, (docker) => {
  const runtime = dockerRuntime(docker);
  beforeAll(() => buildSamples(docker, { names: ['functracer/memshape'] }));
  let stopPolling: (() => Promise<Record<string, number>>) | undefined;
  afterEach(async () => void (await stopPolling?.()));

  // Spikes of 1–5 ms near the end, in the middle and after a drop, and a plateau; each ends 30 ms or more after its peak, so the poller has read it.
  const shapes = [
    ['8:300', '72:3', '8:30'],
    ['8:100', '80:2', '8:100'],
    ['64:400'],
    ['40:50', '100:5', '8:200'],
    ['24:150', '56:1', '16:30'],
  ];
  it.runIf(hasIndependentMark).each(shapes)('equals the kernel mark of the whole run: memshape %s', async (...shape) => {
    stopPolling = pollFinalMarks();
    const result = await traceRun(runtime, { image: 'functracer/memshape', args: shape, env: [], binds: [], networkMode: 'none' });
    const marks = await stopPolling();
    stopPolling = undefined;
    const kernelMark = marks[result.containerId];
    expect(kernelMark, `no mark read for container ${result.containerId}`).toBeGreaterThan(0);
    expect(result.exitCode).toBe(0);
    expect(result.peakSource).toBe('kernel');
    expect(result.peakBytes / MIB).toBe(kernelMark! / MIB);
  });
});
