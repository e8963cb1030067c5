/**
 * Removes the run parents (`functracer/<runId>`) that the engine creates on the
 * cgroupfs driver and leaves behind. Only rmdir, never a recursive delete: the
 * kernel refuses to remove a cgroup that still has processes or children,
 * which is exactly the safety wanted.
 */
import { readdirSync, rmdirSync } from 'node:fs';
import { posix } from 'node:path';
import { detectCgroupLayout, type CgroupLayout } from './mounts.js';

export interface RemovalReport {
  removed: string[];
  /** Still holds a container (or, in a fixture tree, files): left alone. */
  stillInUse: string[];
  failed: { dir: string; reason: string }[];
}

/** run ids end up in rmdir paths, so only a plain path segment is accepted. */
export function assertRunId(runId: string): void {
  if (!/^[A-Za-z0-9_][A-Za-z0-9_.-]*$/.test(runId)) {
    throw new Error(`bug: run id ${JSON.stringify(runId)} is not a plain path segment`);
  }
}

/** Where cgroupfs puts our folder: every v1 hierarchy (and the unified one on hybrid hosts), or the one tree on v2. */
function functracerDirs(layout: CgroupLayout): string[] {
  const mounts = layout.version === 1 ? layout.hierarchies : [layout.memoryMount];
  return mounts.map((m) => posix.join(m.mountPoint, 'functracer'));
}

/** The run parent in every hierarchy the engine created it in. */
export function runParentDirs(layout: CgroupLayout, runId: string): string[] {
  assertRunId(runId);
  return functracerDirs(layout).map((dir) => posix.join(dir, runId));
}

const emptyReport = (): RemovalReport => ({ removed: [], stillInUse: [], failed: [] });

function removeDir(dir: string, report: RemovalReport): void {
  // Podman moves conmon into the run parent, and leaves its cgroup there once it exits: empty, so rmdir takes it.
  try {
    for (const entry of readdirSync(dir, { withFileTypes: true })) if (entry.isDirectory()) removeQuietly(posix.join(dir, entry.name));
  } catch {
    // Gone already, or not ours to list: the rmdir below says which.
  }
  try {
    rmdirSync(dir);
    report.removed.push(dir);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    if (code === 'ENOENT') return;
    if (code === 'EBUSY' || code === 'ENOTEMPTY' || code === 'EEXIST') report.stillInUse.push(dir);
    else report.failed.push({ dir, reason: code });
  }
}

function removeQuietly(dir: string): void {
  try {
    rmdirSync(dir);
  } catch {
    // Busy (a process still in it) or not empty: the parent's rmdir then reports it in use.
  }
}

/** Removes one run's parent after its container is gone and its peak was read. Never throws on a busy or missing dir. */
export function removeRunCgroupParent(runId: string, root = '', layout: CgroupLayout = detectCgroupLayout(root)): RemovalReport {
  const report = emptyReport();
  for (const dir of runParentDirs(layout, runId)) removeDir(dir, report);
  return report;
}

/**
 * Removes run parents that runs killed before cleanup left behind. `keep`
 * spares the parents of runs that are still going (another functracer may be
 * between exit and reading its peak). The shared `functracer` folder itself
 * stays: another process's runc may be creating a run in it right now, and
 * an rmdir between its two mkdirs fails that run's start.
 */
export function removeStaleRunParents(
  root = '',
  keep: (runId: string) => boolean = () => false,
  layout: CgroupLayout = detectCgroupLayout(root),
): RemovalReport {
  const report = emptyReport();
  for (const dir of functracerDirs(layout)) {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') report.failed.push({ dir, reason: String(error) });
      continue;
    }
    // Control files sit beside the run folders on a real cgroup filesystem; only folders are runs.
    for (const entry of entries) if (entry.isDirectory() && !keep(entry.name)) removeDir(posix.join(dir, entry.name), report);
  }
  return report;
}
