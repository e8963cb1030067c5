import { NO_LIMIT_BYTES } from '../infra/no-limit.js';
import path from 'node:path';
import { RawCsvFile } from './csv-file.js';
import type { Trace } from '../core/trace.js';
import { RunRecorder } from './recorder.js';
import { assembleResult, saveRunRecord, type RunOutput, type RunResult } from './run-result.js';
import { runOutputPath } from '../core/run-record.js';
import { replaceFile } from '../infra/atomic-write.js';
import { planOf, type RunPlan, type RunSpec } from '../core/run-plan.js';
import { OWNER_HOST_LABEL, OWNER_LABEL } from './labels.js';
import type { ContainerOutput, ContainerRuntime, RunContainer } from './runtime.js';
import type { BoundaryReading, Sampler, SamplerKind } from './sampler.js';
import { DEFAULT_INTERVAL_MS } from './cgroup/sampler.js';
import { planCgroup, type CgroupPlan, type PlanListeners } from './cgroup/plan.js';
import { checkOutDir } from '../infra/out-dir.js';
import { ownerHost } from './orphans.js';
import { Interrupted, UserError } from '../core/errors.js';
import { EngineLost, interruptedBy } from './engine-watch.js';
import { ExitWatchdog } from './exit-watchdog.js';
import { keptText, keptTrace, leftBehind, slowReporter } from './run-messages.js';
import { initialBytes, measureUpdateLatency, startAutotuner } from './autotuner.js';
import type { AllocationStep } from '../core/hull.js';
import { tellingLines } from '../core/telling-lines.js';
import { PhaseMeter } from './phases.js';
import { phaseControl, startDrive, type Driving, type RunDriver } from './driven-run.js';

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
  /** A function that serves events instead of exiting (a Lambda runtime), and what drives it; see RunDriver. */
  driver?: RunDriver;
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
  const meter = options.driver ? new PhaseMeter(options.driver.first) : undefined;
  const recorder = new RunRecorder(csv, NO_LIMIT_BYTES, options.onSamples, meter && ((atMs, bytes) => meter.add(atMs, bytes)));
  const onBatch = (samples: Float64Array) => recorder.add(samples);

  const plan = await samplingPlan(runtime, runId, options, {
    onBatch,
    onExec: (atMs) => recorder.markSeenRunning(atMs, 'exec'),
    ...(meter ? { onCut: (seq: number, atMs: number, ownBytes?: number) => meter.cutTaken(seq, atMs, ownBytes) } : {}),
  });
  if (meter && options.driver) {
    meter.cutWith(cutOf(plan?.sampler));
    // A runtime's first call (its first request for an event) shows it running, maybe before the engine's StartedAt.
    options.driver.phases(phaseControl(meter, (atMs) => recorder.markSeenRunning(atMs, 'call')));
  }
  let sampler: Sampler | undefined = plan?.sampler;
  let container: RunContainer | undefined;
  let tuner: ReturnType<typeof startAutotuner> | undefined;
  let interrupted = false;
  let failure: unknown;
  let driving: Driving | undefined;
  let outputFile: string | null = null;
  const abandonWait = new AbortController();
  const slowNotes: string[] = [];
  const onSlow = slowReporter(slowNotes, options.onStatus);
  // Until the function runs, a stop ends the run at once (or, for a create or start, once the engine has done it).
  const beforeStart = { ...(options.signal ? { signal: options.signal } : {}), onSlow };
  try {
    options.onStatus?.(`checking image ${spec.image}`);
    await nothingRanIfStopped(spec.image, runtime.ensureImage(spec.image, options.onStatus, beforeStart));
    // An autotuned container starts at the schedule's first limit, with swap pinned to it so later raises are not refused.
    const limit = options.autotune ? initialBytes(options.autotune) : undefined;
    stopIfAborted(options.signal, spec.image);
    container = await nothingRanIfStopped(
      spec.image,
      runtime.create(limit ? { ...spec, memoryBytes: limit, memorySwapBytes: limit } : spec, {
        name,
        labels: ownerLabels(),
        ...(plan?.cgroupParent ? { cgroupParent: plan.cgroupParent } : {}),
        ...beforeStart,
      }),
    );
    // Stopped while the engine was creating it: removed (below) as soon as it exists, never started.
    stopIfAborted(options.signal, spec.image);
    const exit = container.waitForExit(abandonWait.signal);
    exit.catch(() => undefined);
    const leadMs = limit ? await measureUpdateLatency(container, limit) : 0;
    await plan?.target(container.id);
    // Nothing of the function can run before this: the bound of a start that nothing saw.
    const startRequestedMs = performance.timeOrigin + performance.now();
    await nothingRanIfStopped(spec.image, container.start(beforeStart));
    const started = await container.inspect();
    recorder.markStarted(started.startedAtMs);
    if (plan) {
      await plan.confirm(started);
      sampler = plan.sampler;
    }
    sampler ??= await container.statsSampler(onBatch);

    const running = container;
    const watchdog = new ExitWatchdog(name, onSlow);
    const abort = () => {
      interrupted = true;
      // A kill that fails because the engine is gone ends the wait with that; one that finds the container exited is fine.
      running.kill().catch((error: unknown) => watchdog.fail(error));
    };
    if (options.signal?.aborted) abort();
    options.signal?.addEventListener('abort', abort, { once: true });
    // The function's processes are gone: the engine answers its exit at once, unless it is stuck or too busy.
    void sampler.ended?.then(() => watchdog.functionEnded());
    if (options.autotune) {
      const onLimitChanged = () => sampler?.limitChanged?.();
      tuner = startAutotuner(container, started.startedAtMs, recorder.trace, { schedule: options.autotune, leadMs, onLimitChanged });
    }
    if (meter && options.driver) {
      // The sampler the run ended up with (moved, or the stats API's): boundaries from now on are its readings.
      meter.cutWith(cutOf(sampler));
      driving = startDrive(options.driver, running, exit, {
        originMs: recorder.originMs ?? started.startedAtMs,
        trace: recorder.trace,
        limitChanged: () => sampler?.limitChanged?.(),
        signal: options.signal,
      });
    }
    try {
      await Promise.race([driving?.ended ?? exit, watchdog.fired]);
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
    outputFile = output.outputFile;
    const result = assembleResult({
      notes: slowNotes,
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
    if (meter && recorder.originMs !== undefined && recorder.startRowMs !== undefined && recorder.finishRowMs !== undefined) {
      result.phases = meter.figures({
        originMs: recorder.originMs,
        originSource: recorder.originSource,
        startRequestedMs,
        startRowMs: recorder.startRowMs,
        endRowMs: recorder.finishRowMs,
      });
    }
    const lambda = options.driver && result.phases ? { ...options.driver.record, phases: result.phases } : undefined;
    if (csvPath) await saveRunRecord(csvPath, options.plan ?? planOf(spec), result, lambda);
    // A drive that failed has its trace and record written; its error goes out now, saying where they are.
    if (driving?.failure() !== undefined) throw driving.failure();
    return result;
  } catch (error) {
    failure = error;
    throw error;
  } finally {
    abandonWait.abort();
    const failed = await cleanUp({
      tuner: () => tuner?.stop(),
      sampler: () => sampler?.stop(),
      // After a failure the CSV still gets its closing row, at its last sample: the clock now may be long past the function.
      trace: () => recorder.finishWithoutEngine(),
      container: () => container?.remove(),
      cgroup: () => plan?.release(),
    });
    await csv?.close();
    const kept = keptTrace(recorder, csvPath);
    // Thrown from here on purpose: a container the engine would not remove must not go unmentioned, even after a good run.
    const cause = failure instanceof UserError || failure instanceof Interrupted ? failure : undefined;
    // eslint-disable-next-line no-unsafe-finally
    if (failed.has('container') && (failure === undefined || cause)) throw leftBehind(name, cause, kept);
    // An engine lost mid-run that still removed the container (it came back in time): the trace is worth a word.
    // eslint-disable-next-line no-unsafe-finally
    if (failure instanceof EngineLost && kept) throw new UserError(failure.message, `${failure.hint}${keptText(kept)}`);
    const driveFailure = failure instanceof UserError && failure === driving?.failure() ? failure : undefined;
    const said = outputFile ? `; what it printed is in ${outputFile}` : '';
    // eslint-disable-next-line no-unsafe-finally
    if (driveFailure) throw new UserError(driveFailure.message, `${driveFailure.hint ?? ''}${said}${keptText(kept)}`);
  }
}

/**
 * What the function printed, saved beside its trace (when it printed anything)
 * since the container and the engine's copy go with it. A report has room for
 * a few lines: those that tell what went wrong (`tellingLines`). An engine whose log
 * driver keeps nothing has nothing to give.
 */
async function keepOutput(container: RunContainer, csvPath: string | undefined): Promise<RunOutput> {
  let output: ContainerOutput;
  try {
    output = await container.output();
  } catch {
    return { outputFile: null, lastOutputLine: null, tellingOutput: [] };
  }
  const lastOutputLine = lastLine(output.stderr) ?? lastLine(output.all);
  const tellingOutput = tellingLines(tail(output.stderr), tail(output.all)).map(cut);
  if (output.all.length === 0 || !csvPath) return { outputFile: null, lastOutputLine, tellingOutput };
  const outputFile = runOutputPath(csvPath);
  // The trace and its record matter more: a disk that takes them but not this costs only the file.
  // Whole or not at all, as every file functracer writes: never an empty or cut file, never through a planted link.
  const saved = await replaceFile(outputFile, output.all).then(
    () => true,
    () => false,
  );
  return { outputFile: saved ? outputFile : null, lastOutputLine, tellingOutput };
}

/** The end of what it printed, where a failure is told: the output itself can be any size. */
const tail = (text: Buffer) => text.subarray(Math.max(0, text.length - 4096)).toString('utf8');
/** A long line only has to say what went wrong. */
const cut = (line: string) => (line.length > 200 ? `${line.slice(0, 199)}…` : line);

/** The last line with something on it, as text; a long one is cut, since it only has to say what went wrong. */
function lastLine(text: Buffer): string | null {
  const line = tail(text)
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '')
    .pop();
  return line === undefined ? null : cut(line);
}

/** A stop that came before the function started: nothing ran, so there is no result, only the signal's exit code. */
function stopIfAborted(signal: AbortSignal | undefined, image: string): void {
  if (signal?.aborted) throw interruptedBy(signal, `stopped before ${image} started: nothing ran`);
}

/** A step before the start that a stop cut short says so as the other stops before the start do. */
async function nothingRanIfStopped<T>(image: string, step: Promise<T>): Promise<T> {
  try {
    return await step;
  } catch (error) {
    // A step that says what it was doing (a pull) keeps its words.
    if (error instanceof Interrupted && !error.message.endsWith('nothing ran'))
      throw new Interrupted(error.signal, `stopped before ${image} started: nothing ran`);
    throw error;
  }
}

/** The sampler's boundary reading, where it can take one. */
function cutOf(sampler: Sampler | undefined): (() => BoundaryReading) | undefined {
  return sampler?.cut ? () => sampler.cut!() : undefined;
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
