import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { isAlive } from '../infra/processes.js';
import { removeStaleRunParents } from './cgroup/cleanup.js';
import { OWNER_HOST_LABEL, OWNER_LABEL } from './labels.js';
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
  return `${os.hostname()}/${pidNamespace()}`;
}

/** `pid:[4026531836]`, or '' without /proc, where the host name alone has to do. */
function pidNamespace(): string {
  try {
    return fs.readlinkSync('/proc/self/ns/pid');
  } catch {
    return '';
  }
}

/** The pid namespace's number, as a scratch folder's name carries it. */
const namespaceNumber = () => /\d+/.exec(pidNamespace())?.[0] ?? '0';

/** A container of ours whose owner is gone: same host and namespace, owner pid not running. */
export function isOrphan(labels: Record<string, string>): boolean {
  const host = labels[OWNER_HOST_LABEL];
  if (host !== undefined && host !== ownerHost()) return false;
  return !isAlive(Number(labels[OWNER_LABEL]));
}

/**
 * The start of a scratch folder's name: `functracer-scratch-<pid>-<namespace>-`,
 * so the next start can tell whether its owner still runs. The namespace's
 * number keeps a functracer in a container, whose pids mean other processes
 * here, from losing its folder in a /tmp shared with the host.
 */
export function scratchPrefix(): string {
  return `functracer-scratch-${process.pid}-${namespaceNumber()}-`;
}

/** mkdtemp adds six characters to the prefix. */
const SCRATCH_NAME = /^functracer-scratch-(\d+)-(\d+)-[A-Za-z0-9]{6}$/;

/**
 * Removes the scratch folders of functracer processes that died (a SIGKILL, a
 * crash) in this pid namespace; they may hold a function's output. As root in
 * a shared /tmp, only a real folder (not a symlink) of this user, named as
 * scratchPrefix names them, is ever removed; rm does not follow links inside it.
 */
function removeStaleScratch(dir = os.tmpdir()): string[] {
  const namespace = namespaceNumber();
  const removed: string[] = [];
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return removed;
  }
  for (const name of names) {
    const match = SCRATCH_NAME.exec(name);
    if (!match || match[2] !== namespace || isAlive(Number(match[1]))) continue;
    const folder = path.join(dir, name);
    try {
      const stats = fs.lstatSync(folder);
      if (!stats.isDirectory() || stats.uid !== process.getuid?.()) continue;
      fs.rmSync(folder, { recursive: true, force: true });
      removed.push(folder);
    } catch {
      // Gone meanwhile, or something in it cannot be removed: the next start tries again.
    }
  }
  return removed;
}

/**
 * Removes what a crashed functracer left: its containers (found by label and
 * owner pid), its empty run cgroups and its scratch folders. What live
 * functracer processes use is left alone.
 */
export async function removeOrphans(runtime: ContainerRuntime): Promise<number> {
  removeStaleScratch();
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
