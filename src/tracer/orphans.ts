import fs from 'node:fs';
import os from 'node:os';
import { isAlive } from '../infra/processes.js';
import { removeStaleRunParents } from './cgroup/cleanup.js';
import { OWNER_HOST_LABEL, OWNER_LABEL } from './run-spec.js';
import type { ContainerRuntime } from './runtime.js';

/** Run ids are `<stamp>-<pid>-<n>` (see newRunId), so the owner can be asked whether it still runs. */
function ownerOfRunId(runId: string): number {
  return Number(/-(\d+)-\d+$/.exec(runId)?.[1] ?? NaN);
}

/**
 * This host and pid namespace: an owner pid is only meaningful there, and a
 * shared engine (remote DOCKER_HOST, CI jobs in containers) also runs other
 * functracers' containers, whose owners this process cannot see.
 */
export function ownerHost(): string {
  let namespace = '';
  try {
    namespace = fs.readlinkSync('/proc/self/ns/pid');
  } catch {
    // Without /proc the host name alone has to do.
  }
  return `${os.hostname()}/${namespace}`;
}

/** A container of ours whose owner is gone: same host and namespace, owner pid not running. */
export function isOrphan(labels: Record<string, string>): boolean {
  const host = labels[OWNER_HOST_LABEL];
  if (host !== undefined && host !== ownerHost()) return false;
  return !isAlive(Number(labels[OWNER_LABEL]));
}

/**
 * Removes what a crashed functracer left: its containers (found by label and
 * owner pid) and its empty run cgroups. Runs of live functracer processes are left alone.
 */
export async function removeOrphans(runtime: ContainerRuntime): Promise<number> {
  const removed = await runtime.removeOrphans();
  if (runtime.local) {
    try {
      removeStaleRunParents('', (runId) => isAlive(ownerOfRunId(runId)));
    } catch {
      // A host without a readable cgroup tree has no run parents of ours either.
    }
  }
  return removed;
}
