import { MessageChannel, type Worker } from 'node:worker_threads';
import { startWorker } from '../worker-entry.js';
import { LIMIT_SLOT, STOP_SLOT, type CgroupSamplerConfig, type CgroupTarget, type SamplerMessage } from './protocol.js';
import type { BatchListener, Sampler, SamplerSummary } from '../sampler.js';

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
export function startCgroupSampler(options: CgroupSamplerOptions, onBatch: BatchListener, onExec?: (atMs: number) => void): CgroupSampler {
  const control = new SharedArrayBuffer(8);
  const { port1, port2 } = new MessageChannel();
  const config: CgroupSamplerConfig = {
    port: port2,
    resetPeak: options.resetPeak,
    intervalMs: options.intervalMs ?? DEFAULT_INTERVAL_MS,
    batchMs: options.batchMs ?? 20,
    control,
  };
  const worker = createWorker(config);
  const summary: SamplerSummary = { kind: 'cgroup', ticks: 0, overruns: 0, windowed: false };
  let failure: Error | undefined;
  let markReady = () => {};
  const ready = new Promise<void>((resolve) => (markReady = resolve));

  const finished = new Promise<SamplerSummary>((resolve, reject) => {
    worker.on('message', (message: SamplerMessage) => {
      if (message.type === 'batch') onBatch(message.samples);
      else if (message.type === 'ready') markReady();
      else if (message.type === 'attached') summary.attachedAtMs = message.atMs;
      else if (message.type === 'exec') onExec?.(message.atMs);
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
      port1.postMessage(target);
    },
    limitChanged() {
      Atomics.add(new Int32Array(control), LIMIT_SLOT, 1);
    },
    stop() {
      port1.close();
      const flags = new Int32Array(control);
      Atomics.store(flags, STOP_SLOT, 1);
      Atomics.notify(flags, STOP_SLOT);
      return finished;
    },
  };
}
