import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type Docker from 'dockerode';
import { connectEngine } from '../tracer/engine.js';
import { dockerRuntime } from '../tracer/docker-runtime.js';
import { removeOrphans } from '../tracer/orphans.js';
import { buildSamples, listSampleStatus } from '../tracer/samples/builder.js';
import { SAMPLE_FUNCTIONS, sampleImageRef } from '../tracer/samples/catalog.js';
import { traceRun } from '../tracer/tracer.js';
import type { ContainerRuntime } from '../tracer/runtime.js';
import type { RunPlan } from './run-request.js';
import type { EngineHandle, LocalImage } from './services.js';
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
  };
}

const SAMPLE_REFS = new Set(SAMPLE_FUNCTIONS.flatMap((s) => [s.name, sampleImageRef(s)]));

/**
 * The engine's tagged images, samples left out (the home screen lists those itself).
 * This is the only engine call made from src/app; it belongs in src/tracer once that
 * folder is free to change.
 */
async function listLocalImages(docker: Docker): Promise<LocalImage[]> {
  const images = await docker.listImages();
  return images.flatMap((image) =>
    (image.RepoTags ?? [])
      .filter((tag) => tag !== '<none>:<none>' && !SAMPLE_REFS.has(tag))
      .map((ref) => ({ ref, sizeBytes: image.Size, createdMs: image.Created * 1000 })),
  );
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
    return await traceRun(runtime, { ...plan.spec, binds }, {
      outDir: resolve(cwd, settings.outDir),
      intervalMs: settings.intervalMs,
      signal: hooks.signal,
      onSamples: hooks.onSamples,
      onStatus: hooks.onStatus,
    });
  } finally {
    if (scratch) await rm(scratch, { recursive: true, force: true });
  }
}
