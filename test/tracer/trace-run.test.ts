import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { Interrupted } from '../../src/core/errors.js';
import { readRawCsv } from '../../src/core/raw-csv-reader.js';
import { dockerRuntime } from '../../src/tracer/docker-runtime.js';
import { buildSamples } from '../../src/tracer/samples/builder.js';
import { traceRun } from '../../src/tracer/tracer.js';
import { OVER_AT_EXEC } from '../../src/tracer/run-result.js';
import type { RunSpec } from '../../src/core/run-plan.js';
import { OWNER_LABEL } from '../../src/tracer/labels.js';
import type { Trace } from '../../src/core/trace.js';
import { describeWithEngine, engineForTests } from '../support/engine.js';

const MIB = 1024 * 1024;
const docker = await engineForTests();
/**
 * Under systemd the container's scope goes when it exits, and there is no run
 * parent of ours to keep its mark: the window after the last read is not read
 * there yet (README, "The last window"). test:vm's Debian guests showed it.
 */
const noClosingMark = docker !== undefined && (await dockerRuntime(docker).placement()).driver === 'systemd';
if (noClosingMark) console.warn('\n*** SKIPPED the closing-window test: under systemd there is no run parent to read it from. ***\n');
const memshape = (args: string[], extra: Partial<RunSpec> = {}): RunSpec => ({
  image: 'functracer/memshape',
  args,
  env: [],
  binds: [],
  networkMode: 'none',
  ...extra,
});

/** The median of the samples between two times, in MiB: robust against the ramps between steps. */
function medianMib(trace: Trace, fromMs: number, toMs: number): number {
  const values: number[] = [];
  for (let i = 0; i < trace.length; i++) if (trace.timeAt(i) >= fromMs && trace.timeAt(i) < toMs) values.push(trace.bytesAt(i));
  values.sort((a, b) => a - b);
  return (values[Math.floor(values.length / 2)] ?? NaN) / MIB;
}

/** A step's height plus memshape's own binary and stack, which vary between about 0.5 and 1.5 MiB from run to run. */
function expectPlateau(mib: number, step: number): void {
  expect(mib).toBeGreaterThanOrEqual(step);
  expect(mib).toBeLessThan(step + 2);
}

/** What memshape -v says of each step it reached: when, on its own clock (ms since it began), and how long it then held. */
function announcedSteps(output: string): { atMs: number; mib: number; holdMs: number }[] {
  const lines = output.matchAll(/t=([\d.]+) ms (\d+) MiB reached in [\d.]+ ms, holding (\d+) ms/g);
  return [...lines].map((m) => ({ atMs: Number(m[1]), mib: Number(m[2]), holdMs: Number(m[3]) }));
}

/** The time of the first sample at or above `bytes`. */
function firstReaching(trace: Trace, bytes: number): number {
  for (let i = 0; i < trace.length; i++) if (trace.bytesAt(i) >= bytes) return trace.timeAt(i);
  return NaN;
}

/** test:vm's guests run under full emulation (FUNCTRACER_EMULATED), where each read costs several times what it does on a host. */
const EMULATED = process.env.FUNCTRACER_EMULATED === '1';
const MIN_SAMPLES_PER_SECOND = EMULATED ? 500 : 900;
/** runc 1.1.12+ execs the container from a sealed copy of itself, charged to the container: the size of its binary. */
function runcCopyBytes(): number {
  const dirs = [...(process.env.PATH ?? '').split(':'), '/usr/sbin', '/usr/bin', '/usr/local/bin'];
  for (const dir of dirs) {
    const size = fs.statSync(path.join(dir || '.', 'runc'), { throwIfNoEntry: false })?.size;
    if (size) return size;
  }
  return 12 * MIB;
}
/**
 * memshape's shape: steps of `step` ms between edges, each plateau read between `from` and `to` of its step. Under
 * emulation pages fill at about 15 MB/s, so 112 MiB takes seconds: the steps are longer and read near their end.
 */
const SHAPE_TIMES = EMULATED ? { edge: 1000, step: 8000, from: 0.75, to: 0.95 } : { edge: 150, step: 400, from: 0.375, to: 0.875 };

describeWithEngine('tracing a real container', docker, (docker) => {
  const runtime = dockerRuntime(docker);
  let out: string;
  beforeAll(async () => {
    await buildSamples(docker, { names: ['functracer/memshape'] });
    out = fs.mkdtempSync(path.join(os.tmpdir(), 'functracer-trace-'));
  });

  it('follows the shape memshape was told to make, at about 1 kHz', { timeout: 120_000 }, async () => {
    const { edge, step, from, to } = SHAPE_TIMES;
    // -v: memshape says when it reached each step, so each plateau is read while it is held, however long a loaded
    // machine took to fault its pages in (112 MiB read as 81.6 from a fixed window once).
    const result = await traceRun(runtime, memshape(['-v', `0:${edge}`, `48:${step}`, `112:${step}`, `16:${step}`, `0:${edge}`]), {
      outDir: out,
    });
    expect(result.exitCode).toBe(0);
    expect(result.sampler).toBe('cgroup');
    expect(result.samplesPerSecond).toBeGreaterThan(MIN_SAMPLES_PER_SECOND);
    // The first-sample latency is checked through the built CLI (test/commands): under vitest the worker boots through tsx.
    // Plateaus, sampled well inside each step; the container's own runtime adds under a MiB.
    expect(medianMib(result.trace, 0, (edge * 2) / 3)).toBeLessThan(2);
    const steps = announcedSteps(fs.readFileSync(result.outputFile!, 'utf8'));
    expect(steps.map((s) => [s.mib, s.holdMs])).toEqual([
      [0, edge],
      [48, step],
      [112, step],
      [16, step],
      [0, edge],
    ]);
    // memshape's clock on the trace's: the first sample that shows the first step reached. The later steps are placed
    // by memshape's own account, not by what the trace shows.
    const offset = firstReaching(result.trace, 48 * MIB) - steps[1]!.atMs;
    expect(offset).not.toBeNaN();
    const held = (i: number): [number, number] => [offset + steps[i]!.atMs + from * step, offset + steps[i]!.atMs + to * step];
    expectPlateau(medianMib(result.trace, ...held(1)), 48);
    expectPlateau(medianMib(result.trace, ...held(2)), 112);
    expectPlateau(medianMib(result.trace, ...held(3)), 16);
    expect(result.peakSource).toBe('kernel');
    expect(result.peakBytes / MIB).toBeGreaterThanOrEqual(112);
    expect(result.peakBytes / MIB).toBeLessThan(114);
    expect(result.durationMs).toBeGreaterThan(2 * edge + 3 * step);
    // Touching 176 MiB of pages costs CPU; holding them costs none.
    expect(result.cpuMs).toBeGreaterThan(5);
    expect(result.cpuMs).toBeLessThan(result.durationMs / 2);

    const csv = readRawCsv(fs.readFileSync(result.rawCsv!, 'utf8'), result.rawCsv!);
    expect(csv.trace.length).toBe(result.samples);
    expect(csv.trace.peakBytes).toBe(result.peakBytes);
    expect(await docker.listContainers({ all: true, filters: { name: [result.container] } })).toHaveLength(0);
  });

  it('catches a 2 ms spike between samples', async () => {
    const result = await traceRun(runtime, memshape(['8:100', '80:2', '8:100']));
    expect(result.peakBytes / MIB).toBeGreaterThanOrEqual(80);
  });

  it.skipIf(noClosingMark)('reads the window after the last sample once the container is gone, at any interval', async () => {
    // At 2 s a second-long run is over before the second read: only the closing read of the run's cgroup parent sees it.
    const slow = await traceRun(runtime, memshape(['64:1000']), { intervalMs: 2000 });
    expect(slow.peakSource).toBe('kernel');
    expect(slow.peakBytes / MIB).toBeGreaterThanOrEqual(64);
    expect(slow.peakBytes / MIB).toBeLessThan(70);
    expect(slow.samples).toBeGreaterThan(0);
    expect(slow.trace.lastTime).toBeLessThanOrEqual(slow.durationMs + 1);
  });

  it('reports an out-of-memory kill under --memory as a result', async () => {
    const result = await traceRun(runtime, memshape(['16:100', '200:500'], { memoryBytes: 64 * MIB, memorySwapBytes: 64 * MIB }));
    expect(result.oomKilled).toBe(true);
    expect(result.exitCode).toBe(137);
    expect(result.trace.limitAt(0)).toBe(64 * MIB);
    // The kernel lets the task it kills charge past the limit while it exits: 184 KiB over was seen on kernel 6.12.
    expect(result.peakBytes).toBeLessThanOrEqual(65 * MIB);
    expect(result.peakBytes).toBeGreaterThan(60 * MIB);
  });

  it("traces a function that is over at once, from its exec on, without runc's own setup", { timeout: 180_000 }, async () => {
    await buildSamples(docker, { names: ['functracer/hello'] });
    // runc's init peaks near 4 MB before it execs the function (its memfd copy, 7 to 9). A shell script printing a
    // line needs under 2, and up to 2.7 seen on the first run, when busybox's pages are charged to the container.
    // Under full emulation the copy can stay charged for tens of ms after the exec, or the function is over before any
    // read sees it (README, "Other hosts"): there the line is the copy plus the script, never runc's whole setup.
    const line = 3 * MIB + (EMULATED ? runcCopyBytes() : 0);
    const high: string[] = [];
    let sampledRuns = 0;
    let toldApart = 0;
    for (let i = 0; i < 8; i++) {
      const result = await traceRun(runtime, { image: 'functracer/hello', args: [], env: [], binds: [], networkMode: 'none' });
      expect(result.exitCode).toBe(0);
      if (result.samples > 0) sampledRuns++;
      // A run over within a tick of its exec (more often on a loaded host) has no reading of its own: the result says
      // its peak cannot be told from the runtime's memory, and that run is no evidence either way.
      const overAtExec = result.samplingNotes.includes(OVER_AT_EXEC);
      if (!overAtExec) toldApart++;
      if ((result.samples === 0 && !EMULATED) || (!overAtExec && result.peakBytes >= line))
        high.push(JSON.stringify({ run: i, peakBytes: result.peakBytes, samples: result.samples, first: result.trace.bytesAt(0) }));
      // Docker can stamp the finish before the start for so short a run; the exec the sampler saw stands in then.
      expect(result.durationMs).toBeGreaterThan(0);
    }
    expect(high, `line ${line} bytes`).toEqual([]);
    expect(sampledRuns).toBeGreaterThanOrEqual(EMULATED ? 4 : 8);
    // Under two busy loops about one run in three was over at its exec; all eight is not load but a watch that never tells.
    expect(toldApart).toBeGreaterThanOrEqual(2);
  });

  it("reports the function's own non-zero exit code", async () => {
    const result = await traceRun(runtime, memshape(['4:50', 'exit:3']));
    expect(result.exitCode).toBe(3);
    expect(result.oomKilled).toBe(false);
  });

  it('a stop while the engine creates the container removes it as soon as it exists, never starting it', async () => {
    const stop = new AbortController();
    const started: string[] = [];
    // The stop lands while the create request is on its way.
    const watching = {
      ...runtime,
      create: async (...args: Parameters<typeof runtime.create>) => {
        const made = runtime.create(...args);
        stop.abort('SIGTERM');
        const container = await made;
        return { ...container, start: async () => void started.push(container.id) } as typeof container;
      },
    };
    const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'functracer-stop-create-'));
    const error = await traceRun(watching, memshape(['8:5000']), { signal: stop.signal, outDir }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Interrupted);
    expect((error as Interrupted).exitCode).toBe(143);
    expect((error as Error).message).toBe('stopped before functracer/memshape started: nothing ran');
    expect(started).toEqual([]);
    // Nothing ran, so no trace file either; and no container of this process is left.
    expect(fs.readdirSync(outDir)).toEqual([]);
    expect(await docker.listContainers({ all: true, filters: { label: [`${OWNER_LABEL}=${process.pid}`] } })).toHaveLength(0);
  });

  it('samples through the stats API when asked to', async () => {
    const result = await traceRun(runtime, memshape(['32:2500']), { sampler: 'stats-api' });
    expect(result.sampler).toBe('stats-api');
    expect(result.samples).toBeGreaterThanOrEqual(1);
    expect(result.samplesPerSecond).toBeLessThan(5);
    expect(result.sampledPeakBytes / MIB).toBeGreaterThan(30);
  });
});
