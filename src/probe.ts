#!/usr/bin/env node
import { decodeProbeJob, encodeProbeBundle, PROBE_JOB_ENV } from './core/probe-bundle.js';
import { describeError, Interrupted } from './core/errors.js';
import { openEngine } from './ops/engine.js';
import { probeInvoke, probeRun } from './ops/probe-run.js';
import { checkNode } from './ops/probe-check.js';
import { sweepDeadProbes } from './ops/probe-sweep.js';

// The probe: functracer's entry inside the probe image, run by a cluster on one node (see src/tracer/cluster.ts).
// It traces one run on the node's own engine, whose socket is mounted at DOCKER_HOST, and prints the bundle.
// Removing the task stops it with SIGTERM: the function's container is then killed and removed, as a local stop does.
const stop = new AbortController();
process.once('SIGTERM', () => stop.abort(new Interrupted('SIGTERM', 'the coordinator removed this probe')));
process.once('SIGINT', () => stop.abort(new Interrupted('SIGINT', 'the probe was interrupted')));

try {
  const job = decodeProbeJob(process.env[PROBE_JOB_ENV]);
  const { docker, runtime } = await openEngine();
  await sweepDeadProbes(docker);
  const bundle = !job.plan
    ? { version: 1 as const, files: [], result: { ...(await checkNode(docker)) } }
    : job.invoke
      ? await probeInvoke(runtime, { ...job, plan: job.plan, invoke: job.invoke }, stop.signal)
      : await probeRun(runtime, { ...job, plan: job.plan }, stop.signal);
  for (const line of encodeProbeBundle(bundle)) process.stdout.write(`${line}\n`);
  process.exitCode = bundle.error ? 1 : 0;
} catch (error) {
  // Before a run could start (no job, no engine): one line in the task's log, which the coordinator's error names.
  process.stderr.write(`functracer probe: ${describeError(error)}\n`);
  process.exitCode = 2;
}
