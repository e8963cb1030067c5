import os from 'node:os';
import path from 'node:path';
import { RawCsvFile } from './csv-file.js';
import type { Trace } from '../core/trace.js';
import { RunRecorder } from './recorder.js';
import { OWNER_LABEL, type RunSpec } from './run-spec.js';
import type { ContainerRuntime, ContainerState, RunContainer } from './runtime.js';
import type { Sampler, SamplerKind } from './sampler.js';
import { planCgroup } from './cgroup-plan.js';
import { ENGINE_MIN_LIMIT_BYTES, measureUpdateLatency, startAutotuner, type AutotuneReport } from './autotuner.js';
import type { AllocationStep } from '../core/hull.js';
import { MIB } from '../core/units.js';

export interface TraceRunOptions {
  /** Folder for `<name>-rawresults.csv`; without it nothing is written. */
  outDir?: string;
  signal?: AbortSignal;
  /** Called after every batch; throttling redraws is the caller's business. */
  onSamples?: (trace: Trace) => void;
  /** Pull progress and phase changes, one line each. */
  onStatus?: (status: string) => void;
  /** Runs once the container is up, with its start time; the autotuner hooks in here. */
  onStarted?: (container: RunContainer, state: ContainerState, trace: Trace) => void | Promise<void>;
  sampler?: 'auto' | SamplerKind;
  intervalMs?: number;
  /** A limit schedule (an upscaling hull) to replay on the running container. */
  autotune?: AllocationStep[];
}

export interface RunResult {
  image: string;
  container: string;
  containerId: string;
  exitCode: number;
  oomKilled: boolean;
  /** The run was cut short by the user (SIGINT, SIGTERM or a quit key). */
  interrupted: boolean;
  startedAt: string;
  finishedAt: string;
  durationMs: number;
  samples: number;
  samplesPerSecond: number;
  sampler: SamplerKind;
  /**
   * The kernel's high-water mark where the sampler can read it: per-window
   * marks from the start on cgroups, max_usage from the stats API on cgroup v1.
   */
  peakBytes: number;
  peakSource: 'kernel' | 'sampled';
  /** The highest sample in the trace. */
  sampledPeakBytes: number;
  firstSampleLatencyMs: number | null;
  rawCsv: string | null;
  /** CPU time the container used, from its cgroup (or the stats API); null where unknown. */
  cpuMs: number | null;
  /** What the autotuner did, when the run had a schedule. */
  autotune: AutotuneReport | null;
  /** The sampling thread's share of one core, where it could be measured. */
  samplerCpuShare: number | null;
  trace: Trace;
}

let runCounter = 0;

/** The limit an autotuned container starts with: the schedule's first step. */
export function initialLimit(schedule: AllocationStep[]): number {
  return Math.max(ENGINE_MIN_LIMIT_BYTES, Math.ceil((schedule[0]?.mb ?? 0) * MIB));
}

/** Samples per second over the span they cover; the cgroup outlives the process by a few ms, so the run's duration would overstate it. */
function samplingRate(trace: Trace): number {
  const span = (trace.lastTime ?? 0) - (trace.firstTime ?? 0);
  return span > 0 ? ((trace.length - 1) * 1000) / span : 0;
}

/** A name that sorts by time and stays unique across concurrent functracer processes. */
export function newRunId(now = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  runCounter += 1;
  return `${stamp}-${process.pid}-${runCounter}`;
}

/** Runs one container from start to removal and records its memory. */
export async function traceRun(runtime: ContainerRuntime, spec: RunSpec, options: TraceRunOptions = {}): Promise<RunResult> {
  const runId = newRunId();
  const name = `functracer-${runId}`;
  const csvPath = options.outDir ? path.join(options.outDir, `${name}-rawresults.csv`) : undefined;
  const csv = csvPath ? new RawCsvFile(csvPath) : undefined;
  const recorder = new RunRecorder(csv, os.totalmem(), options.onSamples);
  const onBatch = (samples: Float64Array) => recorder.add(samples);

  const plan = options.sampler === 'stats-api' || !runtime.local ? undefined : await planCgroup(runtime, runId, { onBatch, onExec: (atMs) => recorder.markExec(atMs) }, options.intervalMs);
  let sampler: Sampler | undefined = plan?.sampler;
  let container: RunContainer | undefined;
  let interrupted = false;
  try {
    options.onStatus?.(`checking image ${spec.image}`);
    await runtime.ensureImage(spec.image, options.onStatus);
    // An autotuned container starts at the schedule's first limit, with swap pinned to it so later raises are not refused.
    const limit = options.autotune ? initialLimit(options.autotune) : undefined;
    container = await runtime.create(limit ? { ...spec, memoryBytes: limit, memorySwapBytes: limit } : spec, {
      name,
      labels: { [OWNER_LABEL]: String(process.pid) },
      ...(plan?.cgroupParent ? { cgroupParent: plan.cgroupParent } : {}),
    });
    const exit = container.waitForExit();
    const leadMs = limit ? await measureUpdateLatency(container, limit) : 0;
    plan?.target(container.id);
    await container.start();
    const started = await container.inspect();
    recorder.markStarted(started.startedAtMs);
    if (plan) {
      await plan.confirm(started);
      sampler = plan.sampler;
    }
    sampler ??= await container.statsSampler(onBatch);

    const abort = () => {
      interrupted = true;
      void container?.kill();
    };
    if (options.signal?.aborted) abort();
    options.signal?.addEventListener('abort', abort, { once: true });
    const tuner = options.autotune && startAutotuner(container, started.startedAtMs, recorder.trace, { schedule: options.autotune, leadMs });
    try {
      await options.onStarted?.(container, started, recorder.trace);
      await exit;
    } finally {
      options.signal?.removeEventListener('abort', abort);
    }
    const autotune = tuner ? await tuner.stop() : null;

    const summary = await sampler.stop();
    sampler = undefined;
    const finished = await container.inspect();
    recorder.finish(finished.finishedAtMs);
    // Docker stamps StartedAt after the task has started, so a function that fails at once can finish "before" it.
    const durationMs = Math.max(0, finished.finishedAtMs - finished.startedAtMs);
    const trace = recorder.trace;
    return {
      image: spec.image,
      container: name,
      containerId: container.id,
      exitCode: finished.exitCode,
      // Docker misses an OOM kill now and then when it handles the exit first; a SIGKILL at the limit is one too.
      oomKilled: finished.oomKilled || (finished.exitCode === 137 && trace.reachedLimit(64 * 1024)),
      interrupted,
      startedAt: finished.startedAt,
      finishedAt: finished.finishedAt,
      durationMs,
      samples: trace.length,
      samplesPerSecond: samplingRate(trace),
      sampler: summary.kind,
      peakBytes: summary.windowed ? trace.peakBytes : (summary.kernelPeakBytes ?? trace.peakBytes),
      peakSource: summary.windowed || summary.kernelPeakBytes !== undefined ? 'kernel' : 'sampled',
      sampledPeakBytes: trace.peakBytes,
      firstSampleLatencyMs: recorder.firstSampleLatencyMs ?? null,
      rawCsv: csvPath ?? null,
      samplerCpuShare: summary.cpuShare ?? null,
      cpuMs: recorder.cpuMs,
      autotune,
      trace,
    };
  } finally {
    await sampler?.stop().catch(() => undefined);
    // After a failure the CSV still gets its closing row; after success this does nothing.
    recorder.finish(Date.now());
    await container?.remove();
    plan?.release();
    await csv?.close();
  }
}
