import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunSpec } from '../tracer/run-spec.js';

/** What a run needs copied before it starts: functions that rewrite their input get a copy, never the original. */
export interface ScratchCopy {
  from: string;
  /** Where the copy is mounted in the container. */
  mountPoint: string;
}

/** A throw-away folder for the work, removed however the work ends. */
export async function withScratch<T>(work: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), 'functracer-scratch-'));
  try {
    return await work(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * The spec with a fresh copy of `copy.from` mounted; run after run, each starts from the original.
 * The copy goes inside `dir`, so the private folder mkdtemp made stays in place between runs.
 */
export async function withFreshCopy(
  spec: RunSpec,
  copy: ScratchCopy | undefined,
  dir: string,
  onStatus?: (status: string) => void,
): Promise<RunSpec> {
  if (!copy) return spec;
  const target = join(dir, 'copy');
  onStatus?.(`copying ${copy.from} to a scratch folder`);
  await rm(target, { recursive: true, force: true });
  await cp(copy.from, target, { recursive: true });
  return { ...spec, binds: [...spec.binds, `${target}:${copy.mountPoint}`] };
}
