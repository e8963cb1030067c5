/**
 * Autotune benchmark: a memshape run replaying a staircase schedule, reporting how
 * late each limit change landed against its bucket's start. Prints figures.
 */
import { connectEngine } from '../../src/tracer/engine.js';
import { dockerRuntime } from '../../src/tracer/docker-runtime.js';
import { buildSamples } from '../../src/tracer/samples/builder.js';
import { traceRun } from '../../src/tracer/tracer.js';
import { summarize } from '../../src/core/stats.js';

const docker = await connectEngine();
await buildSamples(docker, { names: ['functracer/memshape'] });
// Twenty limit changes 100 ms apart, each a little above what memshape holds then.
const schedule = Array.from({ length: 20 }, (_, i) => ({ atMs: i * 100, mb: 32 + 8 * i }));
const shape = Array.from({ length: 20 }, (_, i) => `${16 + 8 * i}:100`);
const lateness: number[] = [];
let refused = 0;
for (let round = 0; round < 3; round++) {
  const result = await traceRun(
    dockerRuntime(docker),
    { image: 'functracer/memshape', args: shape, env: [], binds: [], networkMode: 'none' },
    { autotune: schedule },
  );
  for (const update of result.autotune?.updates ?? []) {
    if (update.outcome === 'refused') refused += 1;
    else lateness.push(update.appliedMs - update.targetMs);
  }
  if (result.oomKilled) console.log(`round ${round + 1}: out-of-memory kill`);
}
const s = summarize(lateness);
console.table([
  {
    updates: lateness.length,
    refused,
    'lateness mean (ms)': s.mean.toFixed(1),
    'median (ms)': s.median.toFixed(1),
    'p95 (ms)': s.p95.toFixed(1),
    'max (ms)': s.max.toFixed(1),
    'target (ms)': 20,
  },
]);
