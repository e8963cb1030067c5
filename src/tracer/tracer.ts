import os from 'node:os';
import path from 'node:path';
import { RawCsvFile } from './csv-file.js';
import type { Trace } from '../core/trace.js';
import { RunRecorder } from './recorder.js';
import { assembleResult, type RunResult } from './run-result.js';
import { OWNER_HOST_LABEL, OWNER_LABEL, type RunSpec } from './run-spec.js';
import type { ContainerRuntime, RunContainer } from './runtime.js';
import type { Sampler, SamplerKind } from './sampler.js';
import { planCgroup, type CgroupPlan, type PlanListeners } from './cgroup/plan.js';
import { prepareOutDir } from '../infra/out-dir.js';
import { ownerHost } from './orphans.js';
import { UserError } from '../core/errors.js';
import { initialBytes, measureUpdateLatency, startAutotuner } from './autotuner.js';
import type { AllocationStep } from '../core/hull.js';

export type { RunResult } from './run-result.js';

export interface TraceRunOptions {
  /** Folder for `<name>-rawresults.csv`; without it nothing is written. */
  outDir?: string;
  signal?: AbortSignal;
  /** Called after every batch; throttling redraws is the caller's business. */
  onSamples?: (trace: Trace) => void;
  /** Pull progress and phase changes, one line each. */
  onStatus?: (status: string) => void;
  sampler?: 'auto' | SamplerKind;
  intervalMs?: number;
  /** A limit schedule (an upscaling hull) to replay on the running container. */
  autotune?: AllocationStep[];
}

let runCounter = 0;

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
  const csvPath = options.outDir ? path.join(prepareOutDir(options.outDir), `${name}-rawresults.csv`) : undefined;
  const csv = csvPath ? new RawCsvFile(csvPath) : undefined;
  const recorder = new RunRecorder(csv, os.totalmem(), options.onSamples);
  const onBatch = (samples: Float64Array) => recorder.add(samples);

  const plan = await samplingPlan(runtime, runId, options, { onBatch, onExec: (atMs) => recorder.markExec(atMs) });
  let sampler: Sampler | undefined = plan?.sampler;
  let container: RunContainer | undefined;
  let tuner: ReturnType<typeof startAutotuner> | undefined;
  let interrupted = false;
  try {
    options.onStatus?.(`checking image ${spec.image}`);
    await runtime.ensureImage(spec.image, options.onStatus);
    // An autotuned container starts at the schedule's first limit, with swap pinned to it so later raises are not refused.
    const limit = options.autotune ? initialBytes(options.autotune) : undefined;
    container = await runtime.create(limit ? { ...spec, memoryBytes: limit, memorySwapBytes: limit } : spec, {
      name,
      labels: ownerLabels(),
      ...(plan?.cgroupParent ? { cgroupParent: plan.cgroupParent } : {}),
    });
    const exit = container.waitForExit();
    exit.catch(() => undefined);
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

    const running = container;
    const abort = () => {
      interrupted = true;
      void running.kill();
    };
    if (options.signal?.aborted) abort();
    options.signal?.addEventListener('abort', abort, { once: true });
    if (options.autotune) tuner = startAutotuner(container, started.startedAtMs, recorder.trace, { schedule: options.autotune, leadMs });
    try {
      await exit;
    } finally {
      options.signal?.removeEventListener('abort', abort);
    }
    const autotune = tuner ? await tuner.stop() : null;
    const summary = await sampler.stop();
    sampler = undefined;
    const finished = await container.inspect();
    recorder.finish(finished.finishedAtMs, summary.closing);
    return assembleResult({
      spec,
      name,
      containerId: container.id,
      finished,
      recorder,
      summary,
      autotune,
      interrupted,
      rawCsv: csvPath ?? null,
    });
  } finally {
    await cleanUp(
      () => tuner?.stop(),
      () => sampler?.stop(),
      // After a failure the CSV still gets its closing row; after success this does nothing.
      () => recorder.finish(Date.now()),
      () => container?.remove(),
      () => plan?.release(),
    );
    await csv?.close();
  }
}

/** Labels that let a later functracer tell a crashed run's container from a live one of another process or host. */
function ownerLabels(): Record<string, string> {
  return { [OWNER_LABEL]: String(process.pid), [OWNER_HOST_LABEL]: ownerHost() };
}

/** Undefined means the stats API; an explicit --sampler cgroup that cannot be had is an error, not a quiet fallback. */
async function samplingPlan(
  runtime: ContainerRuntime,
  runId: string,
  options: TraceRunOptions,
  listeners: PlanListeners,
): Promise<CgroupPlan | undefined> {
  if (options.sampler === 'stats-api') return undefined;
  const plan = runtime.local ? await planCgroup(runtime, runId, listeners, options.intervalMs) : undefined;
  if (!plan && options.sampler === 'cgroup') {
    throw new UserError(
      runtime.local
        ? "the cgroup sampler cannot read this host's cgroup files"
        : 'the cgroup sampler needs the engine on this host, and DOCKER_HOST points elsewhere',
      'Run as a user who can read /sys/fs/cgroup, or use --sampler stats-api',
    );
  }
  return plan;
}

/** Every step runs even when an earlier one fails, so one failure never leaves a container or a cgroup behind. */
async function cleanUp(...steps: (() => unknown)[]): Promise<void> {
  for (const step of steps) {
    try {
      await step();
    } catch {
      // The next step still has to run; the run's own error, if any, is the one worth reporting.
    }
  }
}
