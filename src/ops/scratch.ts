import { cp, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunPlan, RunSpec } from '../core/run-plan.js';
import { scratchPrefix } from '../tracer/orphans.js';

/**
 * A throw-away folder for the work, removed however the work ends; after a
 * SIGKILL or a crash, the next start removes it (removeStaleScratch), since its
 * name carries this process's pid.
 */
export async function withScratch<T>(work: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), scratchPrefix()));
  try {
    return await work(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * The plan's spec with its scratch folder made afresh and mounted: run after run, each starts from the original.
 * The folder goes inside `dir`, so the private folder mkdtemp made stays in place between runs.
 */
export async function freshSpec(plan: RunPlan, dir: string, onStatus?: (status: string) => void): Promise<RunSpec> {
  const { spec, scratch } = plan;
  if (!scratch) return spec;
  const target = join(dir, 'copy');
  await rm(target, { recursive: true, force: true });
  if (scratch.from) {
    onStatus?.(`copying ${scratch.from} to a scratch folder`);
    await cp(scratch.from, target, { recursive: true });
  } else await mkdir(target);
  return { ...spec, binds: [...spec.binds, `${target}:${scratch.mountPoint}`] };
}
