import fs from 'node:fs';
import path from 'node:path';

/** Whose leftovers count: the functracer processes a scenario started, and the containers they made. */
export interface Owners {
  pids: readonly number[];
  containerIds: readonly string[];
}

/** A container's own folder as each engine and driver names it: `<id>`, `docker-<id>.scope`, `libpod-<id>[.scope]`. */
const CONTAINER_DIR = /^(?:(?:docker|libpod)-)?([0-9a-f]{64})(?:\.scope)?$/;
/** A run parent under the shared `functracer` folder: `<stamp>-<pid>-<n>`, as newRunId names it. */
const RUN_DIR = /^\d{8}-\d{6}-(\d+)-\d+$/;

function subfolders(dir: string): string[] {
  try {
    return fs
      .readdirSync(dir, { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name);
  } catch {
    return [];
  }
}

/**
 * The cgroup folders under `root` that these owners' runs left: a run parent of one of their processes, or the
 * folder of one of their containers, in any hierarchy. The shared `functracer` folder stays by design, and the runs
 * and containers of other functracer processes on the host (another user's, a test suite's) are theirs, not a
 * leftover of this scenario: on a shared host they come and go while it runs.
 */
export function ownLeftoverCgroups(root: string, owners: Owners, maxDepth = 5): string[] {
  const pids = new Set(owners.pids.map(String));
  const ids = new Set(owners.containerIds);
  const found: string[] = [];
  const walk = (dir: string, depth: number): void => {
    if (depth > maxDepth) return;
    const underShared = path.basename(dir) === 'functracer';
    for (const name of subfolders(dir)) {
      const full = path.join(dir, name);
      const container = CONTAINER_DIR.exec(name)?.[1];
      if (container !== undefined) {
        if (ids.has(container)) found.push(full);
        continue;
      }
      const runOf = underShared ? RUN_DIR.exec(name)?.[1] : undefined;
      if (runOf !== undefined && pids.has(runOf)) found.push(full);
      else walk(full, depth + 1);
    }
  };
  walk(root, 0);
  return found;
}
