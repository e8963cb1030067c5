/** Hull benchmark: 100 traces of 10,000 samples each, folded into a hull and an upscaling hull. Prints figures. */
import { computeHull, computeUhull } from '../../src/core/hull.js';
import { Trace } from '../../src/core/trace.js';

const TRACES = 100;
const SAMPLES = 10_000;
const MIB = 1024 * 1024;

const traces = Array.from({ length: TRACES }, (_, k) => {
  const trace = new Trace();
  // About 1.1 kHz, as the cgroup sampler takes them, with a shape that differs per trace.
  for (let i = 0; i < SAMPLES; i++)
    trace.append(i * 0.9 + (k % 7) * 0.13, (50 + 40 * Math.sin(i / (500 + k)) + (i % 97 === 0 ? 30 : 0)) * MIB, 0);
  return { trace, durationMs: Math.ceil(trace.lastTime ?? 0) };
});

const timings: number[] = [];
let buckets = 0;
for (let round = 0; round < 7; round++) {
  const start = performance.now();
  const hull = computeHull(traces);
  const uhull = computeUhull(hull, { lookahead: 2, bufferPct: 10 });
  timings.push(performance.now() - start);
  buckets = uhull.buckets.length;
}
timings.sort((a, b) => a - b);
console.table([
  {
    traces: TRACES,
    'samples each': SAMPLES,
    buckets,
    'hull + uhull, median (ms)': timings[3]!.toFixed(1),
    'fastest (ms)': timings[0]!.toFixed(1),
    'slowest (ms)': timings[6]!.toFixed(1),
    'target (ms)': 200,
  },
]);
