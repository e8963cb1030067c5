import type { MessagePort } from 'node:worker_threads';

/** The files of one container's memory cgroup. */
export interface CgroupTarget {
  usagePath: string;
  limitPath: string;
  /** The high-water mark file; when `resetPeak` is set each sample is the peak of its own window. */
  peakPath?: string;
  /** cgroup v1 `cpuacct.usage` (ns) or v2 `cpu.stat` (its first line, usage_usec). */
  cpuPath?: string;
  cpuUnit?: 'ns' | 'usec';
  /** cgroup.procs, to see when the runtime's init execs the function. */
  procsPath?: string;
  /**
   * The run parent's mark (cgroupfs only). It outlives the container's own
   * cgroup, so the window after the last read can still be read after exit.
   */
  parentPeakPath?: string;
}

/**
 * What the main thread hands the cgroup sampler worker. The target comes later
 * through `port`: the worker boots while the container is being created.
 */
export interface CgroupSamplerConfig {
  port: MessagePort;
  resetPeak: boolean;
  intervalMs: number;
  batchMs: number;
  /**
   * Int32Array over a SharedArrayBuffer: STOP_SLOT becomes 1 when the worker must stop; LIMIT_SLOT counts limit
   * changes; CUT_SLOT counts phase boundaries asked for (a notify on STOP_SLOT wakes the worker for one).
   */
  control: SharedArrayBuffer;
  /**
   * Float64Array over a SharedArrayBuffer of FOLD_RING slots: slot seq % FOLD_RING holds the mark the main thread
   * read (and reset) at boundary `seq`, or NaN where it took none. The worker folds it into its next reading, so
   * the raw trace still covers every moment.
   */
  folds: SharedArrayBuffer;
}

export type SamplerMessage =
  /** The worker is up and watching for its target: the container may start. */
  | { type: 'ready' }
  | { type: 'attached'; atMs: number }
  | { type: 'exec'; atMs: number }
  | { type: 'batch'; samples: Float64Array }
  /**
   * A reading taken at once for the phase boundaries up to `seq` (it comes in a later batch, at `atMs`). Where the
   * main thread read the mark at the boundary itself, the reading in the batch holds that mark folded in, and
   * `ownBytes` is the reading's own: the new phase's first window.
   */
  | { type: 'cut'; seq: number; atMs: number; ownBytes?: number }
  | {
      type: 'done';
      /** Told to stop; its cgroup removed; or its processes all gone (a dead engine never removes the cgroup). */
      reason: 'stopped' | 'gone' | 'empty';
      ticks: number;
      overruns: number;
      windowed: boolean;
      /** What the container's own mark allowed: a reset after each read, only rises, or no mark file at all. */
      marks?: 'reset' | 'rising' | 'none';
      cpuShare?: number;
      /** One sample (time, bytes, limit, cpu) for the window after the last read, taken once sampling stopped. */
      closing?: number[];
      /** The whole-run mark read at the end, where marks could not be reset. */
      wholeRunPeak?: number;
      /** The function was over within a tick of its exec: no reading holds it apart from the runtime's memory at the exec. */
      overAtExec?: boolean;
    }
  | { type: 'error'; message: string; code?: string };

export const STOP_SLOT = 0;
export const LIMIT_SLOT = 1;
export const CUT_SLOT = 2;
/** The control buffer's size: three Int32 slots, rounded up. */
export const CONTROL_BYTES = 16;
/** Boundaries the worker may have yet to see; more than this many between two of its wakes lose their fold. */
export const FOLD_RING = 64;
