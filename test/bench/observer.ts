/**
 * Observer-effect benchmark: does tracing slow the function? Runs a CPU-bound
 * sample (resize on the 5 MB JPEG) and a memory-bound one (memshape touching
 * 512 MiB four times) untraced and traced, in pairs whose order alternates, at
 * the default interval and at 0.2 ms, and compares the engine's own
 * StartedAt..FinishedAt. Also the sampler thread's and the whole process's CPU
 * against a C thread pacing the same interval (the floor, measured in the same
 * run). `--pairs N` (20 by default) sets the pairs per case. Prints figures;
 * it does not pass or fail.
 */
import os from 'node:os';
import { summarize } from '../../src/core/stats.js';
import type { RunSpec } from '../../src/core/run-plan.js';
import { openEngine } from '../../src/ops/engine.js';
import { ensureSamplesReady } from '../../src/ops/samples.js';
import { refDataDir } from '../../src/infra/package-root.js';
import { DEFAULT_INTERVAL_MS } from '../../src/tracer/cgroup/sampler.js';
import { tracedRun, untracedRun, type ObservedRun } from './observer-runs.js';
import { cFloorShares } from './observer-floor.js';
import { benchFlag } from './bench-flags.js';

const pairs = benchFlag('--pairs', 20);
const INTERVALS = [DEFAULT_INTERVAL_MS, 0.2];
const CASES: { name: string; spec: RunSpec }[] = [
  {
    name: 'resize 5 MB',
    spec: {
      image: 'functracer/resize',
      args: ['/in/sample-5mb.jpg', '50%'],
      env: [],
      binds: [`${refDataDir()}:/in:ro`],
      networkMode: 'none',
    },
  },
  {
    name: 'memshape 4×512M',
    spec: {
      image: 'functracer/memshape',
      args: ['512:0', '0:0', '512:0', '0:0', '512:0', '0:0', '512:0', '0:0'],
      env: [],
      binds: [],
      networkMode: 'none',
    },
  },
];

/**
 * A distribution-free interval for the median: between the k-th lowest and the k-th highest of n values, with k
 * the largest for which Binomial(n, ½) puts at most 2.5 % below it (so at least 95 % coverage). "n/a" for n < 6.
 */
function medianInterval(values: readonly number[], format: (v: number) => string): string {
  const sorted = [...values].sort((a, b) => a - b);
  const n = sorted.length;
  let below = 0;
  let k = 0;
  for (let j = 0, term = 0.5 ** n; j < n && below + term <= 0.025; j++) {
    below += term;
    k = j + 1;
    term = (term * (n - j)) / (j + 1);
  }
  return k === 0 ? 'n/a' : `${format(sorted[k - 1]!)}..${format(sorted[n - k]!)}`;
}

const { docker, runtime } = await openEngine();
await ensureSamplesReady(docker);
const loadBefore = os.loadavg()[0]!;
const runs = new Map<string, { untraced: ObservedRun[]; traced: ObservedRun[] }>();
for (let pair = 0; pair < pairs; pair++) {
  for (const { name, spec } of CASES) {
    for (const interval of INTERVALS) {
      const key = `${name}|${interval}`;
      const kept = runs.get(key) ?? { untraced: [], traced: [] };
      runs.set(key, kept);
      // The order alternates, so a machine getting busier or quieter does not favour either side.
      if (pair % 2 === 0) kept.untraced.push(await untracedRun(runtime, spec));
      kept.traced.push(await tracedRun(runtime, spec, interval));
      if (pair % 2 === 1) kept.untraced.push(await untracedRun(runtime, spec));
    }
  }
}
const floors = await cFloorShares(docker, INTERVALS);
const loadAfter = os.loadavg()[0]!;

const pct = (share: number) => (share * 100).toFixed(1);
const rows = [...runs].map(([key, { untraced, traced }]) => {
  const [name, interval] = key.split('|') as [string, string];
  const overheads = traced.map((run, i) => run.functionMs / untraced[i]!.functionMs - 1);
  const overhead = summarize(overheads);
  const floor = floors.get(Number(interval));
  return {
    function: name,
    'every ms': interval,
    pairs: traced.length,
    // Medians over the pairs; overhead is traced / untraced − 1 within each pair.
    'untraced ms': summarize(untraced.map((r) => r.functionMs)).median.toFixed(0),
    'traced ms': summarize(traced.map((r) => r.functionMs)).median.toFixed(0),
    'overhead %': pct(overhead.median),
    'median 95% %': medianInterval(overheads, pct),
    'min..max %': `${pct(overhead.min)}..${pct(overhead.max)}`,
    'thread CPU %': pct(summarize(traced.map((r) => r.samplerShare ?? NaN)).median),
    'process CPU %': pct(summarize(traced.map((r) => r.processShare)).median),
    'C floor %': floor === undefined ? 'no cc' : pct(floor),
  };
});
console.log(
  `${pairs} interleaved pairs a case, on ${os.cpus().length} cores of ${os.cpus()[0]?.model ?? 'an unknown CPU'}; ` +
    `load average ${loadBefore.toFixed(1)} before, ${loadAfter.toFixed(1)} after`,
);
console.table(rows);
