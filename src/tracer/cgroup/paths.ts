/**
 * Where a container's memory cgroup lives. The tracer predicts the directory
 * before start (so the sampler can wait for it) and confirms it afterwards
 * from the container's init pid: resolve the path, never guess it.
 * Everything is rooted at `root` so tests can point it at fixture trees.
 */
import { readFileSync } from 'node:fs';
import { posix } from 'node:path';
import { UserError } from '../../core/errors.js';
import { assertRunId } from './cleanup.js';
import { detectCgroupLayout, hierarchyPathToDir, type CgroupLayout, type CgroupMount } from './mounts.js';
import type { CgroupPlacement } from '../runtime.js';

export type CgroupDriver = 'cgroupfs' | 'systemd';

/** A container's memory cgroup directory, and on v1 its cpuacct one (a separate hierarchy). */
export interface CgroupLocation {
  version: 1 | 2;
  dir: string;
  cpuDir?: string;
}

/** One line of /proc/<pid>/cgroup: `hierarchy-ID:controller-list:path`; v2 is `0::path`. */
export interface ProcCgroupLine {
  hierarchyId: number;
  controllers: string[];
  path: string;
}

export function parseProcCgroup(text: string): ProcCgroupLine[] {
  const lines: ProcCgroupLine[] = [];
  for (const line of text.split('\n')) {
    const match = /^(\d+):([^:]*):(.*)$/.exec(line.trim());
    if (!match) continue;
    const [, id = '', controllers = '', path = ''] = match;
    lines.push({ hierarchyId: Number(id), controllers: controllers ? controllers.split(',') : [], path });
  }
  return lines;
}

/**
 * The CgroupParent to give Docker. On cgroupfs a parent of our own makes the
 * path known before start and keeps the high-water mark after exit; systemd
 * only accepts slices, so it keeps its default.
 */
export function runCgroupParent(driver: CgroupDriver, runId: string): string | undefined {
  assertRunId(runId);
  return driver === 'cgroupfs' ? `/functracer/${runId}` : undefined;
}

/**
 * Where the engine will put the container's cgroups. runc joins an absolute
 * cgroup path to the mount point itself (not to the mount's hierarchy root), so
 * this holds inside containers whose mounts show only part of the hierarchy.
 */
export function predictContainerCgroup(
  layout: CgroupLayout,
  placement: CgroupPlacement,
  containerId: string,
  runId: string,
  ownParent = true,
): CgroupLocation {
  const parent = ownParent ? runCgroupParent(placement.driver, runId) : undefined;
  const rel = containerCgroupPath(placement, containerId, parent);
  const under = (mount: CgroupMount | undefined) => (mount ? posix.join(mount.mountPoint, rel) : undefined);
  return { version: layout.version, dir: posix.join(layout.memoryMount.mountPoint, rel), cpuDir: under(layout.cpuMount) };
}

/** The container's cgroup, relative to the hierarchy's root, as each engine and driver names it. */
function containerCgroupPath({ driver, engine }: CgroupPlacement, containerId: string, parent: string | undefined): string {
  if (parent) return `${parent}/${engine === 'podman' ? `libpod-${containerId}` : containerId}`;
  // crun puts the processes one level below the scope Podman asks systemd for; a limit is set on both.
  if (engine === 'podman' && driver === 'systemd') return `/machine.slice/libpod-${containerId}.scope/container`;
  if (driver === 'systemd') return `/system.slice/docker-${containerId}.scope`;
  // cgroupfs without a run parent of ours: the engine's own default.
  return engine === 'podman' ? `/libpod_parent/libpod-${containerId}` : `/docker/${containerId}`;
}

/** Reads the cgroups of a running process (the container's init, from inspect State.Pid) and finds them on disk. */
export function resolveContainerCgroup(pid: number, root = '', layout = detectCgroupLayout(root)): CgroupLocation {
  if (!Number.isInteger(pid) || pid <= 0) throw new Error(`bug: no process to resolve the cgroup of (pid ${pid})`);
  const procPath = `${root}/proc/${pid}/cgroup`;
  let lines: ProcCgroupLine[];
  try {
    lines = parseProcCgroup(readFileSync(procPath, 'utf8'));
  } catch (error) {
    throw new UserError(
      `cannot read ${procPath} (${(error as NodeJS.ErrnoException).code ?? String(error)})`,
      'The container may have exited already, or its engine is not on this host and pid namespace; use the Docker stats API sampler',
    );
  }
  const locate = (mount: CgroupMount | undefined, pick: (l: ProcCgroupLine) => boolean) => {
    const line = lines.find(pick);
    return mount && line ? hierarchyPathToDir(mount, line.path) : undefined;
  };
  const v1 = (controller: string) => (l: ProcCgroupLine) => l.hierarchyId !== 0 && l.controllers.includes(controller);
  const v2 = (l: ProcCgroupLine) => l.hierarchyId === 0 && l.controllers.length === 0;
  const dir = locate(layout.memoryMount, layout.version === 1 ? v1('memory') : v2);
  if (!dir) {
    throw new UserError(
      `the memory cgroup of pid ${pid} (${procPath}) is not under any cgroup mount this process sees`,
      'Run functracer in the host cgroup namespace with /sys/fs/cgroup mounted, or use the Docker stats API sampler',
    );
  }
  const cpuDir = layout.version === 1 ? locate(layout.cpuMount, v1('cpuacct')) : dir;
  return { version: layout.version, dir, cpuDir };
}
