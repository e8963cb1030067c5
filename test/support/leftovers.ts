import fs from 'node:fs';
import path from 'node:path';
import type Docker from 'dockerode';
import { expect } from 'vitest';
import { OWNER_LABEL } from '../../src/tracer/labels.js';

/**
 * Containers one functracer process left on the engine, by the owner label
 * each carries: a functracer running alongside the suite has its own.
 */
export async function containersOf(docker: Docker, pid: number): Promise<number> {
  return (await docker.listContainers({ all: true, filters: { label: [`${OWNER_LABEL}=${pid}`] } })).length;
}

/** Run cgroup parents (`functracer/<stamp>-<pid>-<n>`) a process left in any hierarchy; other processes' runs are not counted. */
export function runCgroupsOf(pid: number): string[] {
  const roots = ['/sys/fs/cgroup/functracer', ...safeList('/sys/fs/cgroup').map((h) => path.join('/sys/fs/cgroup', h, 'functracer'))];
  return roots.flatMap((root) =>
    safeList(root)
      .filter((name) => name.includes(`-${pid}-`))
      .map((name) => path.join(root, name)),
  );
}

function safeList(dir: string): string[] {
  try {
    return fs
      .readdirSync(dir, { withFileTypes: true })
      .filter((e) => e.isDirectory())
      .map((e) => e.name);
  } catch {
    return [];
  }
}

/** A closed raw trace ends with its two-column finish row; samples have three columns. */
export function expectClosedTrace(csvPath: string): void {
  const lines = fs.readFileSync(csvPath, 'utf8').trim().split('\n');
  expect(lines.length).toBeGreaterThanOrEqual(2);
  expect(lines.at(-1)!.split(',')).toHaveLength(2);
}

/** Polls until `probe` gives a value. */
export async function waitFor<T>(probe: () => T | undefined, timeoutMs = 30_000): Promise<T> {
  for (const end = Date.now() + timeoutMs; Date.now() < end; await new Promise((r) => setTimeout(r, 50))) {
    const value = probe();
    if (value !== undefined) return value;
  }
  throw new Error(`gave up waiting after ${timeoutMs} ms`);
}

/** The run traces in a folder, oldest first. */
export function rawCsvsIn(dir: string): string[] {
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('-rawresults.csv'))
    .sort()
    .map((f) => path.join(dir, f));
}
