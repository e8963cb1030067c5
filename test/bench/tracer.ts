/**
 * Tracer benchmark: one memshape run with short spikes, traced by the cgroup
 * sampler and by the stats-API sampler, side by side. Prints figures; it does
 * not pass or fail.
 */
import { connectEngine } from '../../src/tracer/engine.js';
import { dockerRuntime } from '../../src/tracer/docker-runtime.js';
import { traceRun, type RunResult } from '../../src/tracer/tracer.js';
import type { SamplerKind } from '../../src/tracer/sampler.js';
import { buildSamples } from '../../src/tracer/samples/builder.js';
import type { Trace } from '../../src/core/trace.js';
import os from 'node:os';
import { DEFAULT_INTERVAL_MS } from '../../src/tracer/cgroup/sampler.js';
import { samplerCosts } from './sampler-costs.js';
import { cWakeMicros } from './wake-floor.js';
import { spikeTrainArgs, spikesCaught } from '../support/spike-train.js';

const MIB = 1024 * 1024;
const SPIKES = 10;
const shape = spikeTrainArgs(SPIKES);

function* bytesOf(trace: Trace): Iterable<number> {
  for (let i = 0; i < trace.length; i++) yield trace.bytesAt(i);
}

async function measure(kind: SamplerKind): Promise<{ result: RunResult; cpuPct: number }> {
  const docker = await connectEngine();
  const cpuBefore = process.cpuUsage();
  const wallBefore = performance.now();
  const result = await traceRun(
    dockerRuntime(docker),
    { image: 'functracer/memshape', args: shape, env: [], binds: [], networkMode: 'none' },
    { sampler: kind },
  );
  const cpu = process.cpuUsage(cpuBefore);
  const wall = performance.now() - wallBefore;
  return { result, cpuPct: ((cpu.user + cpu.system) / 1000 / wall) * 100 };
}

const docker = await connectEngine();
await buildSamples(docker, { names: ['functracer/memshape'] });
const rows = [];
// Three cgroup runs, as the sampler's share varies from run to run with what else the host does.
for (const kind of ['cgroup', 'cgroup', 'cgroup', 'stats-api'] as const) {
  const { result, cpuPct } = await measure(kind);
  rows.push({
    sampler: kind,
    'samples/s': result.samplesPerSecond.toFixed(0),
    'sampler thread CPU %': result.samplerCpuShare === null ? 'n/a' : (result.samplerCpuShare * 100).toFixed(1),
    'whole process CPU %': cpuPct.toFixed(1),
    'first sample after start (ms)': result.firstSampleLatencyMs?.toFixed(2) ?? 'none',
    'spikes caught': `${spikesCaught(bytesOf(result.trace))} of ${SPIKES}`,
    'trace peak (MiB)': (result.trace.peakBytes / MIB).toFixed(2),
    'kernel peak (MiB)': result.peakSource === 'kernel' ? (result.peakBytes / MIB).toFixed(2) : 'n/a',
  });
}
console.log(`memshape ${shape.join(' ')}, on ${os.cpus().length} cores of ${os.cpus()[0]?.model ?? 'an unknown CPU'}`);
console.table(rows);
console.log(`Where the cgroup sampler's time goes, at the default interval of ${DEFAULT_INTERVAL_MS} ms:`);
console.table(await samplerCosts(docker));
const floor = await cWakeMicros(DEFAULT_INTERVAL_MS);
const wakesPerSecond = 1000 / DEFAULT_INTERVAL_MS;
console.log(
  floor === undefined
    ? "No C compiler (cc), so the kernel's own cost of a wake was not measured."
    : `The kernel's own cost of the same pacing, a C thread with clock_nanosleep: ${floor.toFixed(1)} µs a wake, ` +
        `${((floor * wakesPerSecond) / 1e4).toFixed(2)} % of a core at ${wakesPerSecond.toFixed(0)} wakes a second.`,
);
