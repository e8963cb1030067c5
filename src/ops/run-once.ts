import type { AllocationStep } from '../core/hull.js';
import type { Trace } from '../core/trace.js';
import { Interrupted, UserError } from '../core/errors.js';
import { lambdaStyle } from '../core/lambda-image.js';
import type { RunPlan } from '../core/run-plan.js';
import type { ContainerRuntime } from '../tracer/runtime.js';
import { traceRun, type RunResult, type TraceRunOptions } from '../tracer/tracer.js';
import { freshSpec, withScratch } from './scratch.js';
import { everySample } from './trace-file.js';

/** What a front end hears while a run goes; every hook is optional. */
export interface TraceHooks {
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
  /** The use case reads every sample of each run (a hull, a dynamic price), not just the figures and charts; an autotuned run always does. */
  everySample?: boolean;
}

/** The result with every sample in its trace, where the use case needs them: read back from its CSV if the run folded them. */
async function withEverySample(result: RunResult, settings: TraceSettings): Promise<RunResult> {
  if (!settings.everySample && !settings.autotune) return result;
  const trace = await everySample(result);
  return trace === result.trace ? result : { ...result, trace };
}

/** The tracer's options for these settings and hooks. */
function traceOptions(settings: TraceSettings, hooks: TraceHooks): TraceRunOptions {
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

/** One traced run of the plan, its scratch folder made first and removed after. */
export async function runOnce(
  runtime: ContainerRuntime,
  plan: RunPlan,
  settings: TraceSettings,
  hooks: TraceHooks = {},
): Promise<RunResult> {
  await refuseLambdaImage(runtime, plan, hooks);
  return withScratch(async (dir) =>
    withEverySample(
      await traceRun(runtime, await freshSpec(plan, dir, hooks.onStatus), { ...traceOptions(settings, hooks), plan }),
      settings,
    ),
  );
}

/**
 * Makes sure the engine has the plan's image, pulling it as `docker run` would, so a front end can check it before it
 * draws a run: a mistyped name is then one error, with nothing drawn for a run that never began. The run checks again.
 */
export async function ensureRunImage(runtime: ContainerRuntime, plan: RunPlan, onStatus?: (status: string) => void): Promise<void> {
  if (runtime.imageConfig) return refuseLambdaImage(runtime, plan, onStatus ? { onStatus } : {});
  return runtime.ensureImage(plan.spec.image, onStatus);
}

/**
 * A Lambda function's image starts a runtime that waits for the Lambda Runtime API and never exits: `run` would wait
 * for it without end. Told before anything runs, from the image's config (the image is pulled first if need be).
 */
async function refuseLambdaImage(runtime: ContainerRuntime, plan: RunPlan, hooks: TraceHooks): Promise<void> {
  const image = plan.spec.image;
  const why = await lambdaFunctionReason(runtime, plan, hooks);
  if (why) {
    throw new UserError(
      `${image} looks like a Lambda function (${why}): it would wait for the Lambda Runtime API, which functracer run does not serve`,
      `Trace it with functracer invoke ${image} --event FILE, which serves that API and feeds it events`,
    );
  }
}

/**
 * Why the plan's image is a Lambda-style function (one `multi`, `hull` and `tune` invoke rather than run), or
 * undefined; read from the image's config, the image pulled first if need be. An engine that cannot give the config
 * says nothing, as `run` then takes the image as it is.
 */
export async function lambdaFunctionReason(runtime: ContainerRuntime, plan: RunPlan, hooks: TraceHooks = {}): Promise<string | undefined> {
  if (!runtime.imageConfig) return undefined;
  await ensureImageOnly(runtime, plan.spec.image, hooks);
  return lambdaStyle(await runtime.imageConfig(plan.spec.image), plan.spec);
}

/** The image on the engine, pulled as `docker run` would; a stop during the pull is a stop before anything ran. */
export async function ensureImageOnly(
  runtime: ContainerRuntime,
  image: string,
  hooks: Pick<TraceHooks, 'signal' | 'onStatus'>,
): Promise<void> {
  try {
    await runtime.ensureImage(image, hooks.onStatus, hooks.signal ? { signal: hooks.signal } : {});
  } catch (error) {
    // A pull says what it was doing when stopped; those words are kept, as the tracer keeps them.
    if (error instanceof Interrupted && !error.message.endsWith('nothing ran'))
      throw new Interrupted(error.signal, `stopped before ${image} started: nothing ran`);
    throw error;
  }
}

export interface ManyRunHooks extends TraceHooks {
  onRunStart?: (index: number) => void;
  /** Awaited before the next run starts: a table written after each run is on disk before the next begins. */
  onRunDone?: (index: number, result: RunResult) => void | Promise<void>;
  /** Asked before each run after the first, and waited for; false stops there, as an interrupt does. */
  beforeRun?: (index: number) => boolean | Promise<boolean>;
}

export interface ManyRunOutcome {
  results: RunResult[];
  /** Stopped early; `results` holds the finished runs and the interrupted one. */
  interrupted: boolean;
}

/** Runs plan after plan, one after another, each with a fresh scratch folder; an interrupt ends the current run and starts no more. */
export async function runMany(
  runtime: ContainerRuntime,
  runs: number,
  planFor: (index: number) => RunPlan,
  settings: TraceSettings,
  hooks: ManyRunHooks = {},
): Promise<ManyRunOutcome> {
  const results: RunResult[] = [];
  await refuseLambdaImage(runtime, planFor(0), hooks);
  return withScratch(async (dir) => {
    for (let index = 0; index < runs; index++) {
      if (hooks.signal?.aborted) return { results, interrupted: true };
      if (index > 0 && hooks.beforeRun && !(await hooks.beforeRun(index))) return { results, interrupted: true };
      if (hooks.signal?.aborted) return { results, interrupted: true };
      const plan = planFor(index);
      hooks.onRunStart?.(index);
      let result: RunResult;
      try {
        const traced = await traceRun(runtime, await freshSpec(plan, dir, hooks.onStatus), { ...traceOptions(settings, hooks), plan });
        result = await withEverySample(traced, settings);
      } catch (error) {
        // Stopped before the function started: nothing of this run to keep.
        if (error instanceof Interrupted) return { results, interrupted: true };
        throw error;
      }
      results.push(result);
      await hooks.onRunDone?.(index, result);
      if (result.interrupted) return { results, interrupted: true };
    }
    return { results, interrupted: false };
  });
}
