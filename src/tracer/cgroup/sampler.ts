import fs from 'node:fs';
import { MessageChannel, type Worker } from 'node:worker_threads';
import { readNumber, tryReset } from './fd.js';
import { startWorker } from '../worker-entry.js';
import {
  CONTROL_BYTES,
  CUT_SLOT,
  FOLD_RING,
  LIMIT_SLOT,
  STOP_SLOT,
  type CgroupSamplerConfig,
  type CgroupTarget,
  type SamplerMessage,
} from './protocol.js';
import type { BatchListener, BoundaryReading, CutListener, Sampler, SamplerSummary } from '../sampler.js';

/**
 * A little under 1 ms: the scheduler now and then wakes the thread late enough
 * to skip a tick, and the target is at least 1,000 samples in every second.
 */
export const DEFAULT_INTERVAL_MS = 0.9;

/**
 * The intervals worth asking for. Below 0.1 ms the thread takes a whole core
 * for samples the kernel's counters barely change between; above 10 s a run
 * has a handful of samples at most.
 */
export const INTERVAL_RANGE_MS = { min: 0.1, max: 10_000 } as const;

export interface CgroupSamplerOptions {
  resetPeak: boolean;
  intervalMs?: number;
  batchMs?: number;
}

export interface CgroupSampler extends Sampler {
  cut(): BoundaryReading;
  /** Names the cgroup to sample; the worker waits for its files to appear. */
  watch(target: CgroupTarget): void;
  /** Settles once the worker is up (or has failed): a container started before then can be over before it looks. */
  readonly ready: Promise<void>;
}

function createWorker(config: CgroupSamplerConfig): Worker {
  return startWorker(import.meta.url, 'sampler-worker', { workerData: config, transferList: [config.port] });
}

/**
 * Samples a cgroup from a worker thread. Start it before creating the
 * container: the worker boots meanwhile, then waits for the cgroup's files
 * to appear, so it catches the container's first millisecond.
 */
export function startCgroupSampler(
  options: CgroupSamplerOptions,
  onBatch: BatchListener,
  onExec?: (atMs: number) => void,
  onCut?: CutListener,
): CgroupSampler {
  const control = new SharedArrayBuffer(CONTROL_BYTES);
  const folds = new Float64Array(new SharedArrayBuffer(FOLD_RING * Float64Array.BYTES_PER_ELEMENT));
  const { port1, port2 } = new MessageChannel();
  const config: CgroupSamplerConfig = {
    port: port2,
    resetPeak: options.resetPeak,
    intervalMs: options.intervalMs ?? DEFAULT_INTERVAL_MS,
    batchMs: options.batchMs ?? 20,
    control,
    folds: folds.buffer as SharedArrayBuffer,
  };
  const mark = new BoundaryMark(options.resetPeak);
  const worker = createWorker(config);
  const summary: SamplerSummary = { kind: 'cgroup', ticks: 0, overruns: 0, windowed: false };
  let failure: Error | undefined;
  let markReady = () => {};
  const ready = new Promise<void>((resolve) => (markReady = resolve));

  const finished = new Promise<SamplerSummary>((resolve, reject) => {
    worker.on('message', (message: SamplerMessage) => {
      if (message.type === 'batch') onBatch(message.samples);
      else if (message.type === 'cut') onCut?.(message.seq, message.atMs, message.ownBytes);
      else if (message.type === 'ready') markReady();
      else if (message.type === 'attached') {
        summary.attachedAtMs = message.atMs;
        // Opened now, while nothing waits on it: the first boundary then costs a read and a write, not an open too.
        mark.open();
      } else if (message.type === 'exec') onExec?.(message.atMs);
      else if (message.type === 'done') {
        Object.assign(summary, { ticks: message.ticks, overruns: message.overruns, windowed: message.windowed });
        if (message.marks) summary.marks = message.marks;
        if (message.cpuShare !== undefined) summary.cpuShare = message.cpuShare;
        if (message.closing) summary.closing = message.closing;
        if (message.wholeRunPeak !== undefined) summary.kernelPeakBytes = message.wholeRunPeak;
        if (message.overAtExec) summary.overAtExec = true;
      } else failure = Object.assign(new Error(`cgroup sampler failed: ${message.message}`), { code: message.code });
    });
    worker.on('error', (error) => (failure = error));
    worker.on('exit', () => {
      markReady();
      if (failure) reject(failure);
      else resolve(summary);
    });
  });
  // A failure surfaces when the tracer stops the sampler, not as an unhandled rejection mid-run.
  finished.catch(() => undefined);

  return {
    kind: 'cgroup',
    ended: finished.catch(() => undefined),
    ready,
    watch(target) {
      mark.watch(target.peakPath);
      port1.postMessage(target);
    },
    limitChanged() {
      Atomics.add(new Int32Array(control), LIMIT_SLOT, 1);
    },
    cut() {
      const reading = mark.readAndReset();
      const flags = new Int32Array(control);
      // Only this thread counts boundaries: the slot is written before the count that tells the worker of it.
      const seq = Atomics.load(flags, CUT_SLOT) + 1;
      folds[seq % FOLD_RING] = reading ? reading.bytes : NaN;
      Atomics.store(flags, CUT_SLOT, seq);
      // Between ticks the worker waits on CUT_SLOT: this wakes it for its reading now, not at its next tick.
      Atomics.notify(flags, CUT_SLOT);
      return reading ? { seq, ...reading } : { seq };
    },
    stop() {
      mark.close();
      port1.close();
      const flags = new Int32Array(control);
      Atomics.store(flags, STOP_SLOT, 1);
      Atomics.notify(flags, STOP_SLOT);
      Atomics.notify(flags, CUT_SLOT);
      return finished;
    },
  };
}

/**
 * The container's mark, read and reset by the thread that sees a phase boundary, at that very moment: the worker
 * could be kept off the CPU for milliseconds on a busy host, and a reading it took late would give the phase that
 * ends the first moments of the next. Only cgroup v1's mark is one for the whole cgroup, so a reset here starts the
 * worker's next window too; v2's memory.peak resets for its own descriptor only, and there the worker's reading
 * marks the boundary instead.
 */
class BoundaryMark {
  private path: string | undefined;
  private fd: number | undefined;
  /** Not ours to reset (no write access), or not a v1 mark: the worker's reading stands in. */
  private refused = false;

  constructor(private readonly resetPeak: boolean) {}

  watch(path: string | undefined): void {
    this.close();
    this.path = path;
    this.refused = !this.resetPeak || !path?.endsWith('memory.max_usage_in_bytes');
  }

  open(): void {
    if (this.refused || !this.path || this.fd !== undefined) return;
    try {
      this.fd = fs.openSync(this.path, 'r+');
      // The first read and write of a process's run take a few hundred µs: spent now, not at the first boundary.
      readNumber(this.fd);
      const sink = fs.openSync('/dev/null', 'w');
      tryReset(sink);
      fs.closeSync(sink);
    } catch {
      // Not there after all, or not ours to write: the first boundary tries again, and says which.
    }
  }

  readAndReset(): { bytes: number; atMs: number } | undefined {
    if (this.refused || !this.path) return undefined;
    try {
      this.fd ??= fs.openSync(this.path, 'r+');
      const bytes = readNumber(this.fd);
      if (!tryReset(this.fd)) {
        this.refused = true;
        return undefined;
      }
      return { bytes, atMs: performance.timeOrigin + performance.now() };
    } catch (error) {
      // Gone (the container exited) or not there yet: this boundary is the worker's; a refusal is for good.
      if ((error as NodeJS.ErrnoException).code === 'EACCES' || (error as NodeJS.ErrnoException).code === 'EPERM') this.refused = true;
      return undefined;
    }
  }

  close(): void {
    if (this.fd !== undefined) fs.closeSync(this.fd);
    this.fd = undefined;
  }
}
