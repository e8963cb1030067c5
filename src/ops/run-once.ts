import type { AllocationStep } from '../core/hull.js';
import type { Trace } from '../core/trace.js';
import type { RunSpec } from '../tracer/run-spec.js';
import type { ContainerRuntime } from '../tracer/runtime.js';
import { traceRun, type RunResult, type TraceRunOptions } from '../tracer/tracer.js';
import { withFreshCopy, withScratch, type ScratchCopy } from './scratch.js';

/** One run as asked for: the container's spec, and what is copied for it first. */
export interface RunPlan {
  title: string;
  spec: RunSpec;
  scratch?: ScratchCopy;
}

/** What a front end hears while a run goes; every hook is optional. */
export interface RunHooks {
  /** Aborting it stops the run: the container is killed and removed, the partial trace kept. */
  signal?: AbortSignal;
  /** After every batch of samples; throttling redraws is the caller's business. */
  onSamples?: (trace: Trace) => void;
  /** Phase changes and pull progress, one line each. */
  onStatus?: (status: string) => void;
  /** Where the raw CSV goes, once the run has a name. */
  onRawCsv?: (path: string) => void;
}

/** How runs are traced and where their raw CSVs go. */
export interface TraceSettings {
  outDir: string;
  intervalMs?: number;
  sampler?: TraceRunOptions['sampler'];
  /** A limit schedule (an upscaling hull) replayed on the running container. */
  autotune?: AllocationStep[];
}

export function planOf(spec: RunSpec): RunPlan {
  return { title: [spec.image, ...spec.args].join(' '), spec };
}

/** The tracer's options for these settings and hooks. */
export function traceOptions(settings: TraceSettings, hooks: RunHooks): TraceRunOptions {
  return {
    outDir: settings.outDir,
    ...(settings.intervalMs !== undefined ? { intervalMs: settings.intervalMs } : {}),
    ...(settings.sampler ? { sampler: settings.sampler } : {}),
    ...(settings.autotune ? { autotune: settings.autotune } : {}),
    ...(hooks.signal ? { signal: hooks.signal } : {}),
    ...(hooks.onSamples ? { onSamples: hooks.onSamples } : {}),
    ...(hooks.onStatus ? { onStatus: hooks.onStatus } : {}),
    ...(hooks.onRawCsv ? { onRawCsv: hooks.onRawCsv } : {}),
  };
}

/** One traced run of the plan, its scratch copy made first and removed after. */
export async function runOnce(runtime: ContainerRuntime, plan: RunPlan, settings: TraceSettings, hooks: RunHooks = {}): Promise<RunResult> {
  if (!plan.scratch) return traceRun(runtime, plan.spec, traceOptions(settings, hooks));
  return withScratch(async (dir) =>
    traceRun(runtime, await withFreshCopy(plan.spec, plan.scratch, dir, hooks.onStatus), traceOptions(settings, hooks)),
  );
}
