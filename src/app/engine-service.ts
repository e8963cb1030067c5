import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { connectEngine } from '../tracer/engine.js';
import { dockerRuntime } from '../tracer/docker-runtime.js';
import { removeOrphans } from '../tracer/orphans.js';
import { buildSamples, listSampleStatus } from '../tracer/samples/builder.js';
import { listLocalImages } from '../tracer/images.js';
import { traceRun } from '../tracer/tracer.js';
import type { ContainerRuntime } from '../tracer/runtime.js';
import { hullJobs } from './hull-job.js';
import { runMultiPlan } from './multi-job.js';
import type { RunPlan } from './run-request.js';
import type { EngineHandle } from './services.js';
import type { Settings } from './settings.js';
import type { RunHooks } from './trace-session.js';

/** Connects to Docker (a UserError with what to try when none answers) and clears what a crashed functracer left. */
export async function connectDockerEngine(cwd: string): Promise<EngineHandle> {
  const docker = await connectEngine();
  const runtime = dockerRuntime(docker);
  await removeOrphans(runtime);
  return {
    listSamples: () => listSampleStatus(docker),
    buildSamples: async (onProgress) => {
      await buildSamples(docker, { onProgress });
    },
    listImages: () => listLocalImages(docker),
    runJob: (plan, settings) => (hooks) => runPlan(runtime, plan, settings, hooks, cwd),
    multiJob: (plan, settings) => (runs, hooks) => runMultiPlan(runtime, plan, settings, cwd, runs, hooks),
    hullJobs: (settings) => hullJobs(runtime, settings, cwd),
  };
}

async function runPlan(runtime: ContainerRuntime, plan: RunPlan, settings: Settings, hooks: RunHooks, cwd: string) {
  // Functions that rewrite their input get a fresh copy each run, so ref-data is never touched.
  const scratch = plan.scratch ? await mkdtemp(join(tmpdir(), 'functracer-scratch-')) : undefined;
  try {
    const binds = [...plan.spec.binds];
    if (plan.scratch && scratch) {
      hooks.onStatus(`copying ${plan.scratch.from} to a scratch folder`);
      await cp(plan.scratch.from, scratch, { recursive: true });
      binds.push(`${scratch}:${plan.scratch.mountPoint}`);
    }
    return await traceRun(
      runtime,
      { ...plan.spec, binds },
      {
        outDir: resolve(cwd, settings.outDir),
        intervalMs: settings.intervalMs,
        signal: hooks.signal,
        onSamples: hooks.onSamples,
        onStatus: hooks.onStatus,
      },
    );
  } finally {
    if (scratch) await rm(scratch, { recursive: true, force: true });
  }
}
