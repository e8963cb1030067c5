import { Interrupted } from '../core/errors.js';
import type { LambdaEvent } from '../core/lambda-events.js';
import { phaseDurationMs } from '../core/lambda-phases.js';
import { planOf, type RunPlan } from '../core/run-plan.js';
import { runResponsesPath, type InvocationOutcome, type PhaseFigures } from '../core/run-record.js';
import { MIB } from '../core/units.js';
import { startRuntimeApi } from '../tracer/lambda/runtime-api.js';
import type { InvocationLimitChange, InvocationSchedule } from '../tracer/invocation-limits.js';
import type { ContainerRuntime, ImageConfig } from '../tracer/runtime.js';
import { traceRun, type RunResult } from '../tracer/tracer.js';
import { ContainerDrive, type InvokeSession, type PhaseMark, type Served } from './invoke-drive.js';
import { functionArnOf, functionNameOf, lambdaSpec, withMemorySize } from './lambda-spec.js';
import { ResponseLog } from './response-log.js';
import { containerNetwork, listenForFunction, type ApiNetwork } from './api-network.js';
import { ensureImageOnly, type TraceHooks, type TraceSettings } from './run-once.js';

export interface InvokeRequest {
  /** The run as asked for: image, command, options; its memory limit is the function's memory size. */
  plan: RunPlan;
  events: readonly LambdaEvent[];
  /** How many events to hand out, the events taken in order and over again. */
  invocations: number;
  /** Lambda's function timeout, per invocation. */
  timeoutMs: number;
  trace: Pick<TraceSettings, 'outDir' | 'intervalMs' | 'sampler'>;
  /** A hull replayed from each invocation's start, the limit lowered between (invoke --autotune). */
  autotune?: InvocationSchedule;
}

export type { PhaseMark };

/** What a front end hears while a session goes: run's hooks, and each phase as it begins. */
export interface InvokeHooks extends TraceHooks {
  onPhase?: (mark: PhaseMark) => void;
}

/** One invocation in Lambda's REPORT-line terms, with what functracer adds: the kernel's peak, how it ended. */
export interface InvocationFigures {
  invocation: number;
  requestId: string;
  /** Which of the session's containers served it (see InvokeResult.runs). */
  container: number;
  cold: boolean;
  /** Where the event came from: FILE, or FILE:LINE. */
  event: string;
  outcome: InvocationOutcome;
  errorType: string | null;
  errorMessage: string | null;
  /** From the event handed out to the answer received (or the timeout), ms. */
  durationMs: number;
  /** Lambda bills invocations by the ms, rounded up. */
  billedDurationMs: number;
  memorySizeMb: number;
  /** The kernel's mark over the invocation alone; null where no reading fell in it. */
  maxMemoryUsedBytes: number | null;
  /** On the cold invocation: its container's init, from the exec to the first request for an event. */
  initDurationMs: number | null;
  responseBytes: number | null;
}

/** A container's init: from its exec to its first request for an event. */
interface InitFigures {
  container: number;
  durationMs: number;
  /** Rounded up to the ms, as Lambda bills an init where it bills one (pricing it is the cost model's business). */
  billedDurationMs: number;
  maxMemoryUsedBytes: number | null;
  /**
   * Where nothing saw the init start before the runtime's first request (a runtime that asks within a
   * millisecond, before the engine stamps its start): the most it can have lasted, from the start request, ms.
   */
  durationAtMostMs: number | null;
}

export interface InvokeResult {
  image: string;
  functionName: string;
  memorySizeMb: number;
  timeoutMs: number;
  /** Where the Runtime API listened: the function's AWS_LAMBDA_RUNTIME_API. */
  apiAddress: string;
  /** The network the function ran on, and why that one. */
  network: ApiNetwork['mode'];
  networkWhy: string;
  inits: InitFigures[];
  invocations: InvocationFigures[];
  /** One traced run per container: a timeout stops one, and the next invocation runs cold in a new one. */
  runs: RunResult[];
  /** Each container's answers, one JSON line each, beside its trace. */
  responseFiles: string[];
  interrupted: boolean;
  /** What the session saw that the figures do not say (a container replaced, a request the API refused). */
  notes: string[];
  /** With --autotune: each container's limit changes, in order (one list per run). */
  limitChanges?: InvocationLimitChange[][];
}

/**
 * Traces a Lambda-style function as the platform runs it: functracer serves the Lambda Runtime API on this host
 * (an ephemeral port on the engine's bridge gateway, or on 127.0.0.1 for a function on the host's network: see
 * listenForFunction), starts the image with the environment Lambda gives, and hands it the events one after another.
 * Each container is one traced run, split into phases (init, each invocation, the idle time between), each with the kernel's peak over it
 * alone. A timeout stops the container, and the next invocation runs cold in a fresh one, as on Lambda.
 */
export async function invokeFunction(runtime: ContainerRuntime, request: InvokeRequest, hooks: InvokeHooks = {}): Promise<InvokeResult> {
  const spec = withMemorySize(request.plan.spec);
  await ensureImageOnly(runtime, spec.image, hooks);
  const image: ImageConfig = (await runtime.imageConfig?.(spec.image)) ?? { entrypoint: [], cmd: [], env: [] };
  const functionName = functionNameOf(spec.image);
  const memorySizeMb = Math.floor(spec.memoryBytes! / MIB);
  let drive: ContainerDrive | undefined;
  const { network, api } = await listenForFunction(runtime, spec.networkMode, (host) =>
    startRuntimeApi({ functionArn: functionArnOf(functionName), host, onEvent: (event) => drive?.onEvent(event) }),
  );
  // An IPv4 address and a port, as Lambda gives it: a custom runtime may take nothing else (lambda-c resolves no names).
  const apiAddress = api.address;
  const session: InvokeSession = {
    api,
    image: spec.image,
    ...request,
    memorySizeMb,
    overBridge: network.mode === 'bridge',
    handedOut: 0,
    notes: [],
    ...(hooks.onPhase ? { onPhase: hooks.onPhase } : {}),
  };
  const result: InvokeResult = {
    image: spec.image,
    functionName,
    memorySizeMb,
    timeoutMs: request.timeoutMs,
    apiAddress,
    network: network.mode,
    networkWhy: network.why,
    inits: [],
    invocations: [],
    runs: [],
    responseFiles: [],
    interrupted: false,
    notes: session.notes,
  };
  try {
    const onNetwork = { ...spec, ...containerNetwork(network) };
    const identified = lambdaSpec(onNetwork, image, { functionName, memorySizeMb, apiAddress });
    // Autotuned, the container starts at what its init needs; the function is still told its memory size.
    const initBytes = request.autotune?.initBytes;
    const container = initBytes ? { ...identified, memoryBytes: initBytes, memorySwapBytes: initBytes } : identified;
    // The record keeps the run as asked for; the address and identity are this session's.
    const plan: RunPlan = {
      ...planOf({ ...spec, networkMode: network.mode }),
      ...(request.plan.scratch ? { scratch: request.plan.scratch } : {}),
    };
    while (session.handedOut < request.invocations && !result.interrupted) {
      api.reset();
      // Made once the run has its trace's name: the answers go beside it.
      const logged: { log?: ResponseLog } = {};
      drive = new ContainerDrive(session, () => logged.log, result.runs.length);
      let run: RunResult;
      try {
        run = await traceContainer(
          runtime,
          container,
          plan,
          request,
          drive,
          hooks,
          (csv) => (logged.log = new ResponseLog(runResponsesPath(csv))),
        );
      } catch (error) {
        // Stopped before a later container started: what the earlier ones served stands. Before the first, nothing ran.
        if (!(error instanceof Interrupted) || result.runs.length === 0) throw error;
        result.interrupted = true;
        break;
      } finally {
        const saved = await logged.log?.close();
        if (saved?.problem) session.notes.push(saved.problem);
        if (saved?.written) result.responseFiles.push(logged.log!.path);
      }
      addFigures(result, run, drive.served);
      if (request.autotune) (result.limitChanges ??= []).push(drive.limitChanges);
      result.interrupted = run.interrupted;
      if (!drive.restart) break;
    }
  } finally {
    drive = undefined;
    await api.close();
  }
  session.notes.push(...api.notes.filter((note) => !session.notes.includes(note)));
  return result;
}

/** One container's traced run. */
function traceContainer(
  runtime: ContainerRuntime,
  spec: ReturnType<typeof lambdaSpec>,
  plan: RunPlan,
  request: InvokeRequest,
  driver: ContainerDrive,
  hooks: TraceHooks,
  onRawCsv: (path: string) => void,
): Promise<RunResult> {
  return traceRun(runtime, spec, {
    outDir: request.trace.outDir,
    ...(request.trace.intervalMs !== undefined ? { intervalMs: request.trace.intervalMs } : {}),
    ...(request.trace.sampler ? { sampler: request.trace.sampler } : {}),
    ...(hooks.signal ? { signal: hooks.signal } : {}),
    ...(hooks.onSamples ? { onSamples: hooks.onSamples } : {}),
    ...(hooks.onStatus ? { onStatus: hooks.onStatus } : {}),
    onRawCsv: (path) => {
      onRawCsv(path);
      hooks.onRawCsv?.(path);
    },
    plan,
    driver,
  });
}

/** The run's init and invocations, their figures from its phases: the same numbers as its record. */
function addFigures(result: InvokeResult, run: RunResult, served: readonly Served[]): void {
  const container = result.runs.push(run) - 1;
  const phases = run.phases ?? [];
  const init = phases[0];
  // An init counts once it ended: a container stopped during it has no init to report.
  const initEnded = init !== undefined && phases.length > 1;
  // An init known only by its bound is billed at the bound: a price never below what the platform would charge.
  const initFigures = initEnded
    ? {
        container,
        ...timing(init),
        ...(init.durationAtMostMs === undefined ? {} : { billedDurationMs: Math.ceil(init.durationAtMostMs) }),
        maxMemoryUsedBytes: init.peakBytes,
        durationAtMostMs: init.durationAtMostMs ?? null,
      }
    : undefined;
  if (initFigures) result.inits.push(initFigures);
  for (const one of served) {
    const phase = phases[one.phase];
    if (!phase) continue;
    result.invocations.push({
      invocation: one.invocation,
      requestId: one.requestId,
      container,
      cold: one.cold,
      event: one.event,
      outcome: one.outcome,
      errorType: one.errorType ?? null,
      errorMessage: one.errorMessage ?? null,
      ...timing(phase),
      memorySizeMb: result.memorySizeMb,
      maxMemoryUsedBytes: phase.peakBytes,
      initDurationMs: one.cold && initFigures ? initFigures.durationMs : null,
      responseBytes: one.responseBytes ?? null,
    });
  }
}

/** A phase's duration, and what Lambda bills for it: whole ms, rounded up. */
function timing(phase: PhaseFigures): { durationMs: number; billedDurationMs: number } {
  const durationMs = phaseDurationMs(phase);
  return { durationMs, billedDurationMs: Math.ceil(durationMs) };
}
