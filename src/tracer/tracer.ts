import { NO_LIMIT_BYTES } from '../infra/no-limit.js';
import path from 'node:path';
import { RawCsvFile } from './csv-file.js';
import type { Trace } from '../core/trace.js';
import { RunRecorder } from './recorder.js';
import { assembleResult, saveRunRecord, type RunOutput, type RunResult } from './run-result.js';
import { runOutputPath } from '../core/run-record.js';
import { writeFile } from 'node:fs/promises';
import { planOf, type RunPlan, type RunSpec } from '../core/run-plan.js';
import { OWNER_HOST_LABEL, OWNER_LABEL } from './run-spec.js';
import type { ContainerOutput, ContainerRuntime, RunContainer } from './runtime.js';
import type { Sampler, SamplerKind } from './sampler.js';
import { DEFAULT_INTERVAL_MS } from './cgroup/sampler.js';
import { planCgroup, type CgroupPlan, type PlanListeners } from './cgroup/plan.js';
import { checkOutDir } from '../infra/out-dir.js';
import { ownerHost } from './orphans.js';
import { Interrupted, SIGNAL_EXIT, UserError, type StopSignal } from '../core/errors.js';
import { engineDeadlineMs } from './engine.js';
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
  /** The raw CSV's path, as soon as it is known (before the container starts), so exports can be named after it. */
  onRawCsv?: (path: string) => void;
  sampler?: 'auto' | SamplerKind;
  intervalMs?: number;
  /** A limit schedule (an upscaling hull) to replay on the running container. */
  autotune?: AllocationStep[];
  /** The run as asked for, kept in its record so a recorded trace can be run again; by default the spec itself. */
  plan?: RunPlan;
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
  const csvPath = options.outDir ? path.join(checkOutDir(options.outDir), `${name}-rawresults.csv`) : undefined;
  const csv = csvPath ? new RawCsvFile(csvPath) : undefined;
  if (csvPath) options.onRawCsv?.(csvPath);
  const recorder = new RunRecorder(csv, NO_LIMIT_BYTES, options.onSamples);
  const onBatch = (samples: Float64Array) => recorder.add(samples);

  const plan = await samplingPlan(runtime, runId, options, { onBatch, onExec: (atMs) => recorder.markExec(atMs) });
  let sampler: Sampler | undefined = plan?.sampler;
  let container: RunContainer | undefined;
  let tuner: ReturnType<typeof startAutotuner> | undefined;
  let interrupted = false;
  let failure: unknown;
  const abandonWait = new AbortController();
  try {
    options.onStatus?.(`checking image ${spec.image}`);
    await runtime.ensureImage(spec.image, options.onStatus);
    // An autotuned container starts at the schedule's first limit, with swap pinned to it so later raises are not refused.
    const limit = options.autotune ? initialBytes(options.autotune) : undefined;
    stopIfAborted(options.signal, spec.image);
    container = await runtime.create(limit ? { ...spec, memoryBytes: limit, memorySwapBytes: limit } : spec, {
      name,
      labels: ownerLabels(),
      ...(plan?.cgroupParent ? { cgroupParent: plan.cgroupParent } : {}),
    });
    // Stopped while the engine was creating it: removed (below) as soon as it exists, never started.
    stopIfAborted(options.signal, spec.image);
    const exit = container.waitForExit(abandonWait.signal);
    exit.catch(() => undefined);
    const leadMs = limit ? await measureUpdateLatency(container, limit) : 0;
    await plan?.target(container.id);
    await container.start();
    const started = await container.inspect();
    recorder.markStarted(started.startedAtMs);
    if (plan) {
      await plan.confirm(started);
      sampler = plan.sampler;
    }
    sampler ??= await container.statsSampler(onBatch);

    const running = container;
    const watchdog = new ExitWatchdog(name);
    const abort = () => {
      interrupted = true;
      watchdog.arm(`the stop of ${name}`);
      // A kill the engine does not answer is reported by the watchdog; this promise has nothing to add.
      running.kill().catch(() => undefined);
    };
    if (options.signal?.aborted) abort();
    options.signal?.addEventListener('abort', abort, { once: true });
    // The cgroup is gone once the container has exited; an engine that then says nothing for so long is wedged.
    void sampler.ended?.then(() => watchdog.arm(`the exit of ${name}`));
    if (options.autotune) {
      const onLimitChanged = () => sampler?.limitChanged?.();
      tuner = startAutotuner(container, started.startedAtMs, recorder.trace, { schedule: options.autotune, leadMs, onLimitChanged });
    }
    try {
      await Promise.race([exit, watchdog.fired]);
    } finally {
      watchdog.disarm();
      options.signal?.removeEventListener('abort', abort);
    }
    const autotune = tuner ? await tuner.stop() : null;
    const summary = await sampler.stop();
    if (plan?.notes.length) summary.notes = plan.notes;
    sampler = undefined;
    const finished = await container.inspect();
    recorder.finish(finished.finishedAtMs, summary.closing);
    const output = await keepOutput(container, csvPath);
    const result = assembleResult({
      spec,
      name,
      containerId: container.id,
      finished,
      recorder,
      summary,
      autotune,
      interrupted,
      rawCsv: csvPath ?? null,
      intervalMs: options.intervalMs ?? DEFAULT_INTERVAL_MS,
      output,
    });
    if (csvPath) await saveRunRecord(csvPath, options.plan ?? planOf(spec), result);
    return result;
  } catch (error) {
    failure = error;
    throw error;
  } finally {
    abandonWait.abort();
    const failed = await cleanUp({
      tuner: () => tuner?.stop(),
      sampler: () => sampler?.stop(),
      // After a failure the CSV still gets its closing row; after success this does nothing.
      trace: () => recorder.finish(Date.now()),
      container: () => container?.remove(),
      cgroup: () => plan?.release(),
    });
    await csv?.close();
    // Thrown from here on purpose: a container the engine would not remove must not go unmentioned, even after a good run.
    const cause = failure instanceof UserError || failure instanceof Interrupted ? failure : undefined;
    // eslint-disable-next-line no-unsafe-finally
    if (failed.has('container') && (failure === undefined || cause)) throw leftBehind(name, cause, csvPath);
  }
}

/**
 * What the function printed, saved beside its trace (when it printed anything)
 * since the container and the engine's copy go with it. A report has room for
 * one line: stderr's last, where a failure is usually told. An engine whose log
 * driver keeps nothing has nothing to give.
 */
async function keepOutput(container: RunContainer, csvPath: string | undefined): Promise<RunOutput> {
  let output: ContainerOutput;
  try {
    output = await container.output();
  } catch {
    return { outputFile: null, lastOutputLine: null };
  }
  const lastOutputLine = lastLine(output.stderr) ?? lastLine(output.all);
  if (output.all.length === 0 || !csvPath) return { outputFile: null, lastOutputLine };
  const outputFile = runOutputPath(csvPath);
  // The trace and its record matter more: a disk that takes them but not this costs only the file.
  const saved = await writeFile(outputFile, output.all).then(
    () => true,
    () => false,
  );
  return { outputFile: saved ? outputFile : null, lastOutputLine };
}

/** The last line with something on it, as text; a long one is cut, since it only has to say what went wrong. */
function lastLine(text: Buffer): string | null {
  const tail = text.subarray(Math.max(0, text.length - 4096)).toString('utf8');
  const line = tail
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '')
    .pop();
  if (line === undefined) return null;
  return line.length > 200 ? `${line.slice(0, 199)}…` : line;
}

/** A stop that came before the function started: nothing ran, so there is no result, only the signal's exit code. */
function stopIfAborted(signal: AbortSignal | undefined, image: string): void {
  if (!signal?.aborted) return;
  const reason: unknown = signal.reason;
  const stop: StopSignal = typeof reason === 'string' && reason in SIGNAL_EXIT ? (reason as StopSignal) : 'SIGINT';
  throw new Interrupted(stop, `stopped before ${image} started: nothing ran`);
}

/** One line naming the container a wedged engine kept, after the error that ended the run if there was one. */
function leftBehind(name: string, cause: UserError | Interrupted | undefined, csvPath: string | undefined): UserError {
  const trace = csvPath ? `; the trace is kept in ${csvPath}` : '';
  return new UserError(
    `${cause ? `${cause.message}, and` : 'the run finished, but'} the engine did not remove container ${name}`,
    `Remove it once the engine answers: docker rm -f ${name}${trace}`,
  );
}

/**
 * Ends the wait for exit when the engine stops answering: after a kill, or
 * after the container's cgroup is gone, the wait should return at once.
 */
class ExitWatchdog {
  private timer: NodeJS.Timeout | undefined;
  private reject: (error: Error) => void = () => undefined;
  readonly fired = new Promise<never>((_, reject) => (this.reject = reject));

  constructor(private readonly name: string) {
    this.fired.catch(() => undefined);
  }

  arm(what: string): void {
    const ms = engineDeadlineMs();
    this.timer ??= setTimeout(
      () =>
        this.reject(
          new UserError(
            `the engine did not report ${what} within ${ms / 1000} s`,
            `It may be wedged: check it with docker info, and remove the container once it answers: docker rm -f ${this.name}`,
          ),
        ),
      ms,
    );
  }

  disarm(): void {
    clearTimeout(this.timer);
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

/**
 * Every step runs, in order, even when an earlier one fails, so one failure
 * never leaves a container or a cgroup behind. Returns the steps that failed.
 */
async function cleanUp<K extends string>(steps: Record<K, () => unknown>): Promise<Set<K>> {
  const failed = new Set<K>();
  for (const [name, step] of Object.entries(steps) as [K, () => unknown][]) {
    try {
      await step();
    } catch {
      failed.add(name);
    }
  }
  return failed;
}
