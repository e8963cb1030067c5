import { Interrupted, isUserError } from '../core/errors.js';
import { today } from '../core/cost/init-billing.js';
import { compareInvocationCosts, isPricedInvocation } from '../core/cost/invocations.js';
import type { ProviderModel } from '../core/cost/schema.js';
import type { LambdaEvent } from '../core/lambda-events.js';
import { measuredInvocations, type MeasuredInvocation } from '../core/lambda-phases.js';
import { summarize } from '../core/stats.js';
import type { ContainerRuntime } from '../tracer/runtime.js';
import { invokeFunction, type InvokeRequest, type InvokeResult } from './invoke.js';
import type { PlacedInvoker } from './swarm-placement.js';
import { NodeRunFailed } from './swarm-run.js';
import { lostRun, type LostRun } from './swarm-spread.js';
import type { TraceHooks, TraceSettings } from './run-once.js';
import { cpuAt, planAt, type TuneRequest } from './tune.js';

export interface InvokedTuneRequest extends Pick<TuneRequest, 'plan' | 'provider' | 'sizes' | 'runs' | 'cpuScale'> {
  events: readonly LambdaEvent[];
  /** Events each session hands out: the first cold, the rest warm. */
  invocations: number;
  timeoutMs: number;
}

/** Durations of one kind at one size: the median, and how far they spread. */
export interface DurationSpread {
  median: number;
  p95: number;
  min: number;
  max: number;
  count: number;
}

export interface InvokedSizeOutcome {
  mb: number;
  providerVcpus: number | null;
  cpus: number | null;
  cappedByHost: boolean;
  sessions: InvokeResult[];
  /** Every invocation answered: none crashed (an out-of-memory kill), timed out or failed its init. */
  fits: boolean;
  failure?: string;
  init: DurationSpread | null;
  /** The cold invocations' Duration, the init not in it (as Lambda's REPORT line gives it). */
  cold: DurationSpread | null;
  warm: DurationSpread | null;
  /** The highest Max Memory Used of its invocations, and of its inits. */
  peakBytes: number | null;
  /** Per 1M invocations, no free tier: all warm, and all cold (each with its init). */
  warmCostPerMillion?: number;
  coldCostPerMillion?: number;
}

export interface InvokedTuneOutcome {
  title: string;
  provider: string;
  sizes: InvokedSizeOutcome[];
  interrupted: boolean;
  /** On a swarm, the sessions lost with their node (after the one retry elsewhere): left out of their size's figures. */
  lost?: LostRun[];
}

const MILLION = 1_000_000;

/**
 * What 1M invocations cost at this size, all warm or all cold: the same pricing as `invoke`'s (each one billed on its
 * own, a cold one with its init where the provider's rule of today bills it), on the invocations that answered.
 */
function costPerMillion(provider: ProviderModel, mb: number, invocations: MeasuredInvocation[], cold: boolean): number | undefined {
  const pricing = { requests: MILLION, coldShare: cold ? 1 : 0, asOf: today(), packageType: 'image' as const, freeTier: false };
  const [entry] = compareInvocationCosts([provider], { memorySizeMb: mb, invocations }, pricing);
  return entry && isPricedInvocation(entry) ? entry.totalCost : undefined;
}

/** `{ [key]: value }`, or nothing where the provider could not price it. */
function optional<K extends string>(key: K, value: number | undefined): Partial<Record<K, number>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, number>);
}

function spread(values: readonly number[]): DurationSpread | null {
  if (values.length === 0) return null;
  const { median, p95, min, max } = summarize(values);
  return { median, p95, min, max, count: values.length };
}

/**
 * `tune` of a Lambda-style function: at each size (its memory size, and the CPU the provider couples to it), `runs`
 * invoke sessions of the events, the sizes taking turns; per size the init, cold and warm durations and their
 * costs. A size whose function crashed (an out-of-memory kill), timed out or failed does not fit.
 */
export async function tuneInvoked(
  runtime: ContainerRuntime,
  request: InvokedTuneRequest,
  settings: Pick<TraceSettings, 'outDir' | 'intervalMs' | 'sampler'>,
  hooks: TraceHooks & { onRunStart?: (mb: number, index: number) => void } = {},
  /** Where the sessions go when not on this engine (--on swarm), one at a time, and the CPUs of its smallest node. */
  placement?: { invoke: PlacedInvoker; cpus: number },
): Promise<InvokedTuneOutcome> {
  const hostCpus = placement ? placement.cpus : await runtime.cpus();
  const invoke = placement?.invoke ?? ((r: InvokeRequest, h: TraceHooks) => invokeFunction(runtime, r, h));
  const ran = new Map<number, { sessions: InvokeResult[]; failure?: string }>(request.sizes.map((mb) => [mb, { sessions: [] }]));
  let interrupted = false;
  const lost: LostRun[] = [];
  let started = 0;
  outer: for (let index = 0; index < request.runs; index++) {
    for (const mb of request.sizes) {
      const size = ran.get(mb)!;
      if (size.failure) continue;
      if (hooks.signal?.aborted) {
        interrupted = true;
        break outer;
      }
      hooks.onRunStart?.(mb, index);
      started += 1;
      try {
        const session = await invoke({ ...request, plan: planAt(request, mb, hostCpus), trace: settings }, hooks);
        if (session.interrupted) {
          interrupted = true;
          break outer;
        }
        size.sessions.push(session);
        const failed = session.invocations.find((i) => i.outcome !== 'response');
        if (failed) size.failure = `invocation ${failed.invocation}: ${failed.errorType ?? failed.outcome}`;
      } catch (error) {
        if (error instanceof Interrupted) {
          interrupted = true;
          break outer;
        }
        // A node lost twice says nothing of the size: the session is left out, and the size goes on.
        if (placement && error instanceof NodeRunFailed) {
          lost.push(lostRun(started, error, `${mb} MB, session ${index + 1}`));
          continue;
        }
        // A crash (an out-of-memory kill at this size), an init that failed: this size does not fit; the others go on.
        if (!isUserError(error)) throw error;
        size.failure = error.message;
      }
    }
  }
  const sizes = request.sizes.flatMap((mb) => {
    const size = ran.get(mb)!;
    return size.sessions.length === 0 && !size.failure ? [] : [sizeOutcome(request, mb, hostCpus, size.sessions, size.failure)];
  });
  return { title: request.plan.title, provider: request.provider.id, sizes, interrupted, ...(placement ? { lost } : {}) };
}

function sizeOutcome(
  request: InvokedTuneRequest,
  mb: number,
  hostCpus: number,
  sessions: InvokeResult[],
  failure: string | undefined,
): InvokedSizeOutcome {
  const invocations = sessions.flatMap((s) => s.invocations.filter((i) => i.outcome === 'response'));
  const inits = sessions.flatMap((s) => s.inits);
  const peaks = [...invocations.map((i) => i.maxMemoryUsedBytes), ...inits.map((i) => i.maxMemoryUsedBytes)].filter(
    (b): b is number => b !== null,
  );
  const peakBytes = peaks.length > 0 ? Math.max(...peaks) : null;
  const init = spread(inits.map((i) => i.durationMs));
  const cold = spread(invocations.filter((i) => i.cold).map((i) => i.durationMs));
  const warm = spread(invocations.filter((i) => !i.cold).map((i) => i.durationMs));
  const { providerVcpus, cpus, cappedByHost } = cpuAt(request, mb, hostCpus);
  const measured = sessions.flatMap((s) => s.runs.flatMap((run) => measuredInvocations(run.phases ?? [])));
  const price = (cold: boolean) => costPerMillion(request.provider, mb, measured, cold);
  return {
    mb,
    providerVcpus,
    cpus,
    cappedByHost,
    sessions,
    fits: failure === undefined,
    ...(failure ? { failure } : {}),
    init,
    cold,
    warm,
    peakBytes,
    ...(failure === undefined && warm ? optional('warmCostPerMillion', price(false)) : {}),
    ...(failure === undefined && cold && init ? optional('coldCostPerMillion', price(true)) : {}),
  };
}
