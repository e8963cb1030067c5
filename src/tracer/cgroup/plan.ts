import fs from 'node:fs';
import path from 'node:path';
import { startCgroupSampler, type CgroupSampler } from './sampler.js';
import { detectCgroupLayout, type CgroupLayout } from './mounts.js';
import { memoryFiles } from './files.js';
import { predictContainerCgroup, resolveContainerCgroup, runCgroupParent, type CgroupLocation } from './paths.js';
import { removeRunCgroupParent } from './cleanup.js';
import type { ContainerRuntime, ContainerState } from '../runtime.js';
import type { BatchListener, CutListener } from '../sampler.js';

/** How one run's container is placed in the cgroup tree, and the sampler watching it. */
export interface CgroupPlan {
  runId: string;
  cgroupParent: string | undefined;
  /** What this host does not let the run do, for its report. */
  notes: string[];
  sampler: CgroupSampler;
  /**
   * Points the sampler at where the engine will put the container, and
   * settles once the sampler is up to see it (5 s at most), so the container
   * starts only then.
   */
  target(containerId: string): Promise<void>;
  /**
   * Checks the prediction against the container's own /proc entry and moves
   * the sampler if they differ: resolve the path, never guess it.
   */
  confirm(started: ContainerState): Promise<void>;
  release(): Promise<void>;
}

/**
 * Starts the sampler worker at once, so it has booted by the time the
 * container exists. Undefined when this process cannot read the cgroup tree;
 * the caller then uses the stats API.
 */
export interface PlanListeners {
  onBatch: BatchListener;
  /** The moment the function exec'd, as the sampler saw it. */
  onExec: (atMs: number) => void;
  /** A phase boundary's reading (see Sampler.cut). */
  onCut?: CutListener;
}

/** Whether this process may remove run parents: write access to the shared folder, or to the hierarchy where it is still to be made. */
function mayRemoveRunParents(layout: CgroupLayout): boolean {
  const shared = path.posix.join(layout.memoryMount.mountPoint, 'functracer');
  try {
    fs.accessSync(fs.existsSync(shared) ? shared : layout.memoryMount.mountPoint, fs.constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

/** How long a run waits for its sampler to come up; it boots in well under a second even on a loaded host. */
const WORKER_READY_MS = 5000;
/** Tries, 100 ms apart, to remove a run parent something still holds; a stale one is reaped at a later start. */
const RELEASE_TRIES = 30;

export async function planCgroup(
  runtime: ContainerRuntime,
  runId: string,
  listeners: PlanListeners,
  intervalMs?: number,
): Promise<CgroupPlan | undefined> {
  let layout: CgroupLayout;
  try {
    layout = detectCgroupLayout();
    fs.accessSync(layout.memoryMount.mountPoint, fs.constants.R_OK);
  } catch {
    return undefined;
  }
  const placement = await runtime.placement();
  // A run parent is made by the engine (root) but removed by us: without the right to remove it, use none.
  const ownParent = placement.driver === 'cgroupfs' && mayRemoveRunParents(layout);
  const cgroupParent = ownParent ? runCgroupParent(placement.driver, runId) : undefined;
  const notes =
    placement.driver === 'cgroupfs' && !ownParent
      ? [
          `no write access to ${path.posix.join(layout.memoryMount.mountPoint, 'functracer')}: the engine's own cgroup is used, and the window after the last sample is not read`,
        ]
      : [];
  const parentDir = cgroupParent ? path.posix.join(layout.memoryMount.mountPoint, cgroupParent) : undefined;
  const boot = () =>
    startCgroupSampler({ resetPeak: true, ...(intervalMs ? { intervalMs } : {}) }, listeners.onBatch, listeners.onExec, listeners.onCut);
  const watch = (location: CgroupLocation) => {
    const files = memoryFiles(location.version, location.dir, location.cpuDir);
    plan.sampler.watch({
      usagePath: files.usage,
      limitPath: files.limit,
      peakPath: files.peak,
      procsPath: path.join(location.dir, 'cgroup.procs'),
      ...(parentDir ? { parentPeakPath: memoryFiles(location.version, parentDir).peak } : {}),
      ...(files.cpuUsage ? { cpuPath: files.cpuUsage, cpuUnit: location.version === 1 ? 'ns' : 'usec' } : {}),
    });
  };
  let predicted: CgroupLocation | undefined;
  let containerId = '';
  const plan: CgroupPlan = {
    runId,
    cgroupParent,
    notes,
    sampler: boot(),
    async target(id) {
      containerId = id;
      predicted = predictContainerCgroup(layout, placement, containerId, runId, ownParent);
      watch(predicted);
      // A worker that never comes up must not hold the run: after the wait it starts anyway, and the samples say what was seen.
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([plan.sampler.ready, new Promise((resolve) => (timer = setTimeout(resolve, WORKER_READY_MS)))]);
      clearTimeout(timer);
    },
    async confirm(started) {
      // A container that already exited has no /proc entry; the prediction is all there is, and its samples stand.
      if (!started.running || started.pid <= 0 || !predicted) return;
      let actual: CgroupLocation;
      try {
        actual = resolveContainerCgroup(started.pid, '', layout);
      } catch {
        return;
      }
      // A process that is exiting can show the root cgroup; never move to a cgroup that is not this container's.
      if (actual.dir === predicted.dir || !actual.dir.includes(containerId)) return;
      // An engine or layout functracer does not know yet: the run is traced, but its first moments are lost.
      notes.push(`the container's cgroup was ${actual.dir}, not ${predicted.dir} as expected: sampling began only after the start`);
      await plan.sampler.stop();
      plan.sampler = boot();
      watch(actual);
    },
    async release() {
      if (!plan.cgroupParent) return;
      // Podman's conmon sits in the run parent and outlives the container by a moment: wait for it, briefly.
      // Docker's run parent holds only the container, so a busy one means the engine kept it: no wait helps.
      const tries = placement.engine === 'podman' ? RELEASE_TRIES : 0;
      for (let tried = 0; removeRunCgroupParent(runId).stillInUse.length > 0 && tried < tries; tried++) {
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    },
  };
  return plan;
}
