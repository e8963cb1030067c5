import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { describeError, isUserError } from '../core/errors.js';
import type { ProbeBundle, ProbeJob } from '../core/probe-bundle.js';
import type { RunPlan } from '../core/run-plan.js';
import type { ContainerRuntime } from '../tracer/runtime.js';
import type { RunResult } from '../tracer/tracer.js';
import { invokeFunction } from './invoke.js';
import { runOnce } from './run-once.js';

/**
 * The probe's half of a run on a cluster node: the same use case as a local `run` (runOnce) on this node's engine,
 * into a folder of its own, then every file it wrote and its figures as one bundle. An error is bundled too, in its
 * own words, so the coordinator's line says what went wrong on the node.
 */
export async function probeRun(runtime: ContainerRuntime, job: ProbeJob & { plan: RunPlan }, signal: AbortSignal): Promise<ProbeBundle> {
  return bundled(async (outDir) => {
    const result = await runOnce(runtime, job.plan, { outDir, ...(job.intervalMs ? { intervalMs: job.intervalMs } : {}) }, { signal });
    return filesNamed(result);
  });
}

/**
 * An invoke session on this node, by the same use case as a local `invoke` (invokeFunction): the Runtime API on this
 * node's 127.0.0.1, which the function reaches because both the probe and the function share the node's network.
 */
export async function probeInvoke(
  runtime: ContainerRuntime,
  job: ProbeJob & { plan: RunPlan; invoke: NonNullable<ProbeJob['invoke']> },
  signal: AbortSignal,
): Promise<ProbeBundle> {
  return bundled(async (outDir) => {
    const { invoke } = job;
    const session = await invokeFunction(
      runtime,
      {
        plan: job.plan,
        events: invoke.events.map((e) => ({ source: e.source, payload: Buffer.from(e.payload, 'base64') })),
        invocations: invoke.invocations,
        timeoutMs: invoke.timeoutMs,
        trace: { outDir, ...(job.intervalMs ? { intervalMs: job.intervalMs } : {}) },
      },
      { signal },
    );
    return { ...session, runs: session.runs.map(filesNamed), responseFiles: session.responseFiles.map((f) => basename(f)) };
  });
}

/** A run's figures without its trace (the raw CSV carries it), its files by base name. */
function filesNamed(result: RunResult) {
  const { trace: _trace, ...figures } = result;
  const named = (path: string | null) => (path === null ? null : basename(path));
  return { ...figures, rawCsv: named(result.rawCsv), outputFile: named(result.outputFile) };
}

async function bundled(work: (outDir: string) => Promise<object>): Promise<ProbeBundle> {
  const outDir = await mkdtemp(join(tmpdir(), 'functracer-probe-'));
  try {
    const result = (await work(outDir)) as Record<string, unknown>;
    const files = await Promise.all(
      (await readdir(outDir)).map(async (name) => ({ name, data: (await readFile(join(outDir, name))).toString('base64') })),
    );
    return { version: 1, result, files };
  } catch (error) {
    const hint = isUserError(error) ? error.hint : undefined;
    return { version: 1, files: [], error: { message: describeError(error), ...(hint ? { hint } : {}), user: isUserError(error) } };
  } finally {
    await rm(outDir, { recursive: true, force: true });
  }
}
