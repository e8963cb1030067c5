import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { describeError, isUserError } from '../core/errors.js';
import type { ProbeBundle, ProbeJob } from '../core/probe-bundle.js';
import type { RunPlan } from '../core/run-plan.js';
import type { ContainerRuntime } from '../tracer/runtime.js';
import { runOnce } from './run-once.js';

/**
 * The probe's half of a run on a cluster node: the same use case as a local `run` (runOnce) on this node's engine,
 * into a folder of its own, then every file it wrote and its figures as one bundle. An error is bundled too, in its
 * own words, so the coordinator's line says what went wrong on the node.
 */
export async function probeRun(runtime: ContainerRuntime, job: ProbeJob & { plan: RunPlan }, signal: AbortSignal): Promise<ProbeBundle> {
  const outDir = await mkdtemp(join(tmpdir(), 'functracer-probe-'));
  try {
    const result = await runOnce(runtime, job.plan, { outDir, ...(job.intervalMs ? { intervalMs: job.intervalMs } : {}) }, { signal });
    const { trace: _trace, ...figures } = result;
    const files = await Promise.all(
      (await readdir(outDir)).map(async (name) => ({ name, data: (await readFile(join(outDir, name))).toString('base64') })),
    );
    const named = (path: string | null) => (path === null ? null : basename(path));
    return { version: 1, result: { ...figures, rawCsv: named(result.rawCsv), outputFile: named(result.outputFile) }, files };
  } catch (error) {
    const hint = isUserError(error) ? error.hint : undefined;
    return { version: 1, files: [], error: { message: describeError(error), ...(hint ? { hint } : {}), user: isUserError(error) } };
  } finally {
    await rm(outDir, { recursive: true, force: true });
  }
}
