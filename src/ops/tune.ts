import { defaultSizes, vcpusAt } from '../core/cost/cpu.js';
import { allocationTier, memoryRange } from '../core/cost/tiers.js';
import { Interrupted, UserError } from '../core/errors.js';
import { priceDynamic } from '../core/cost/dynamic.js';
import { priceRun } from '../core/cost/price-run.js';
import type { ProviderModel } from '../core/cost/schema.js';
import type { RunPlan } from '../core/run-plan.js';
import type { RunEstimate } from '../core/estimate.js';
import { judgeHostLoad, samplingFellShort, type HostLoad } from '../core/host-load.js';
import { meanInterval, summarize, trimmedMean } from '../core/stats.js';
import { MIB } from '../core/units.js';
import { readHost } from '../infra/host-load.js';
import type { ContainerRuntime } from '../tracer/runtime.js';
import type { RunResult } from '../tracer/tracer.js';
import { autotuneSchedule, foldHull } from './hull.js';
import { runOnce, type TraceHooks, type TraceSettings } from './run-once.js';
import { runPool } from './run-pool.js';
import type { PlacedRunner } from './swarm-placement.js';
import { NodeRunFailed } from './swarm-run.js';
import { lostRun, type LostRun } from './swarm-spread.js';
import { rank } from './tune-picks.js';
import { estimateGate, tuneOrder } from './tune-order.js';

export type TuneStrategy = 'cost' | 'speed' | 'balanced';
export const TUNE_STRATEGIES: readonly TuneStrategy[] = ['cost', 'speed', 'balanced'];

/** Power Tuning's defaults where it has them: what `functracer tune` and the Tune screen use unless told otherwise. */
export const TUNE_DEFAULTS = { runs: 5, discard: 0.2, cpuScale: 1, strategy: 'cost', balancedWeight: 0.5 } as const;

export interface TuneRequest {
  plan: RunPlan;
  provider: ProviderModel;
  /** Memory sizes in MB, each one of the provider's. */
  sizes: number[];
  runs: number;
  /** The share of the fastest and of the slowest runs left out of the trimmed mean, at each end. */
  discard: number;
  /** How fast a host core is against the provider's vCPU: the container gets vCPUs ÷ this. */
  cpuScale: number;
  strategy: TuneStrategy;
  /** Power Tuning's meaning: 0 picks for speed alone, 1 for cost alone. */
  balancedWeight: number;
  /** Runs at once at most, while their CPU caps together fit the host's cores; 1 when absent. */
  parallel?: number;
}

/** Prices are per invocation and per 1M, without a free tier: the figures that compare sizes. */
const MILLION = 1_000_000;

interface DurationFigures {
  median: number;
  p95: number;
  trimmedMean: number;
  /** The trimmed mean's 95 % interval (`meanInterval`); null for a single run, which says nothing of its spread. */
  ci95: [number, number] | null;
  /** The interval's half-width as a share of the trimmed mean, in %. */
  spreadPct: number | null;
}

export interface SizeOutcome {
  mb: number;
  /** What the provider gives at this size; null where CPU is not tied to memory. */
  providerVcpus: number | null;
  /** What the container got: the provider's vCPUs scaled to this host, at most its cores; null for no cap. */
  cpus: number | null;
  /** The provider gives more vCPUs than this host has: run at the host's maximum. */
  cappedByHost: boolean;
  results: RunResult[];
  /** Every run exited 0 without an out-of-memory kill. */
  fits: boolean;
  /** An interrupt came before all its runs were done: not picked. */
  partial?: boolean;
  /** Why it does not fit: out of memory, or an exit code. */
  failure?: string;
  durationMs?: DurationFigures;
  /** The kernel's peak, the highest of the runs. */
  peakBytes: number;
  billedMs?: number;
  costPerInvocation?: number;
  costPerMillion?: number;
  /** The cost per 1M at each end of the duration's interval (and the CPU time's, where that is billed); null for one run. */
  costCi95?: [number, number] | null;
  /** The same runs under the upscaling hull trained from them: pay for what each moment needs. */
  dynamicCostPerMillion?: number;
}

export interface TuneOutcome {
  /** The image and its arguments, as the plan's title gives them. */
  title: string;
  provider: string;
  sizes: SizeOutcome[];
  /** The best size for each strategy; absent when no size fitted. */
  picks: Partial<Record<TuneStrategy, number>>;
  /** For each pick, the sizes whose intervals overlap its own: inside the noise, they cannot be told apart from it. */
  ties: Partial<Record<TuneStrategy, number[]>>;
  /** How busy this host was while the runs ran; null where the engine's host is not this one. */
  hostLoad: HostLoad | null;
  strategy: TuneStrategy;
  cpuScale: number;
  hostCpus: number;
  /** The most runs that ran at once: above 1, they shared the host and its memory bandwidth. */
  atOnce: number;
  interrupted: boolean;
  /** On a swarm, the runs lost with their node (after the one retry elsewhere): left out of their size's figures. */
  lost?: LostRun[];
}

/** Where the runs go when not on this engine (--on swarm): one traced run there, and the CPUs of its smallest node. */
export interface TunePlacement {
  run: PlacedRunner;
  cpus: number;
}

export interface TuneHooks extends TraceHooks {
  onRunStart?: (mb: number, index: number) => void;
  onRunDone?: (mb: number, index: number, result: RunResult) => void;
  /**
   * Once the first run is done, how long the rest will take; the next runs wait for the answer, and false
   * stops the tuning there (the first run is kept), as an interrupt would.
   */
  onEstimate?: (estimate: RunEstimate) => boolean | Promise<boolean>;
  /** Once the first run is done, how long the rest will take, as a note: it decides nothing, and no run waits for it. */
  onEstimateNote?: (estimate: RunEstimate) => void;
}

/**
 * Runs the plan at each memory size with the CPU the provider couples to it,
 * `runs` times, prices each size from the trimmed mean duration, and picks the
 * best size for each strategy among those that fit, with the sizes each pick
 * cannot be told apart from. One at a time, the sizes take turns (the first run
 * of each, then the second of each…), so a host that gets busier part-way
 * slows every size alike rather than the last ones. An interrupt keeps what
 * finished and reports it.
 */
export async function tune(
  runtime: ContainerRuntime,
  request: TuneRequest,
  settings: TraceSettings,
  hooks: TuneHooks = {},
  placement?: TunePlacement,
): Promise<TuneOutcome> {
  // The engine's host, which may not be this one (a remote DOCKER_HOST, a VM): Docker refuses a quota above its CPUs.
  const hostCpus = placement ? placement.cpus : await runtime.cpus();
  const runOne = placement ? placement.run : (plan: RunPlan, s: TraceSettings, h: TraceHooks) => runOnce(runtime, plan, s, h);
  const declined = new AbortController();
  const signal = hooks.signal ? AbortSignal.any([hooks.signal, declined.signal]) : declined.signal;
  const gate = estimateGate(request, hooks, declined, signal);
  const sized = request.sizes.map((mb) => ({ mb, plan: planAt(request, mb, hostCpus), cpus: cpuAt(request, mb, hostCpus).cpus }));
  const order = tuneOrder(sized.length, request.runs, (request.parallel ?? 1) > 1);
  const lost: LostRun[] = [];
  const lostAt = new Set<number>();
  const jobs = order.map(([at, index], position) => {
    const { mb, plan, cpus } = sized[at]!;
    return {
      mb,
      // A size without a CPU cap may take the whole host: it runs alone.
      cpus: cpus ?? hostCpus,
      run: async (jobSignal: AbortSignal) => {
        if (position > 0 && !(await gate.passed())) return undefined;
        hooks.onRunStart?.(mb, index);
        try {
          // Each size's upscaling hull and dynamic price read every sample of its runs.
          const result = await runOne(plan, { ...settings, everySample: true }, { ...hooks, signal: jobSignal });
          hooks.onRunDone?.(mb, index, result);
          await gate.firstDone(result);
          return result;
        } catch (error) {
          // Stopped before the function started: nothing of this run to keep.
          if (error instanceof Interrupted) return undefined;
          // Lost twice with its node: said, and left out of its size, as multi leaves it out; the others go on.
          if (placement && error instanceof NodeRunFailed) {
            lostAt.add(position);
            lost.push(lostRun(position + 1, error, `${mb} MB, run ${index + 1}`));
            return undefined;
          }
          throw error;
        } finally {
          gate.release();
        }
      },
    };
  });
  const before = readHost();
  // Runs on a cluster each have a node of their own: only --parallel limits them.
  const poolCpus = placement ? Number.POSITIVE_INFINITY : hostCpus;
  const { results, mostAtOnce } = await runPool(jobs, { limit: request.parallel ?? 1, hostCpus: poolCpus, signal }).finally(() =>
    gate.close(),
  );
  const done = results.filter((r): r is RunResult => r !== undefined);
  const hostLoad =
    runtime.local && !placement
      ? judgeHostLoad(
          before,
          readHost(),
          done.map((r) => ({ cpuMs: r.cpuMs, slowSampling: samplingFellShort(r) })),
        )
      : null;
  const ran: SizeRuns[] = request.sizes
    .map((mb) => ({ mb, results: results.filter((r, i): r is RunResult => r !== undefined && jobs[i]!.mb === mb) }))
    .filter((size) => size.results.length > 0);
  const interrupted = signal.aborted || results.some((r, i) => (r === undefined && !lostAt.has(i)) || r?.interrupted === true);
  const outcome = tuneOutcome(request, hostCpus, ran, interrupted, mostAtOnce, hostLoad);
  return placement ? { ...outcome, lost: lost.sort((a, b) => a.run - b.run) } : outcome;
}

/** The plan at one size: its memory as the limit, no swap, and the CPU the provider gives it. */
export function planAt(request: Pick<TuneRequest, 'plan' | 'provider' | 'cpuScale'>, mb: number, hostCpus: number): RunPlan {
  const { cpus } = cpuAt(request, mb, hostCpus);
  return {
    ...request.plan,
    spec: {
      ...request.plan.spec,
      memoryBytes: mb * MIB,
      // No swap: a size that is too small is killed, as on the provider.
      memorySwapBytes: mb * MIB,
      ...(cpus === null ? {} : { nanoCpus: Math.round(cpus * 1e9) }),
    },
  };
}

/** One size's runs, as they ran; an interrupted one is left out of its figures. */
export interface SizeRuns {
  mb: number;
  results: RunResult[];
}

/** The CPU the provider gives a size, and what this host can give of it. */
export function cpuAt(request: Pick<TuneRequest, 'provider' | 'cpuScale'>, mb: number, hostCpus: number) {
  const providerVcpus = vcpusAt(request.provider, mb) ?? null;
  const wanted = providerVcpus === null ? null : providerVcpus / request.cpuScale;
  // Docker takes 0.01 CPUs at the least.
  const cpus = wanted === null ? null : Math.max(0.01, Math.min(wanted, hostCpus));
  return { providerVcpus, cpus, cappedByHost: wanted !== null && wanted > hostCpus };
}

/** The figures and picks from each size's runs: what `tune` reports once the runs are done. */
export function tuneOutcome(
  request: TuneRequest,
  hostCpus: number,
  ran: readonly SizeRuns[],
  interrupted: boolean,
  atOnce = 1,
  hostLoad: HostLoad | null = null,
): TuneOutcome {
  const sizes: SizeOutcome[] = [];
  for (const { mb, results } of ran) {
    const finished = results.filter((r) => !r.interrupted);
    if (finished.length === 0) continue;
    const { providerVcpus, cpus, cappedByHost } = cpuAt(request, mb, hostCpus);
    const size = sizeOutcome(request, mb, providerVcpus, cpus, cappedByHost, finished);
    // Stopped part-way through its runs: shown, but too few runs to be picked.
    sizes.push(finished.length < request.runs ? { ...size, partial: true } : size);
  }
  return {
    title: request.plan.title,
    provider: request.provider.id,
    sizes,
    ...rank(sizes, request.balancedWeight),
    hostLoad,
    strategy: request.strategy,
    cpuScale: request.cpuScale,
    hostCpus,
    atOnce,
    interrupted,
  };
}

function sizeOutcome(
  request: TuneRequest,
  mb: number,
  providerVcpus: number | null,
  cpus: number | null,
  cappedByHost: boolean,
  results: RunResult[],
): SizeOutcome {
  const peakBytes = Math.max(...results.map((r) => r.peakBytes));
  const base = { mb, providerVcpus, cpus, cappedByHost, results, peakBytes };
  const failed = results.find((r) => r.oomKilled || r.exitCode !== 0);
  if (failed) return { ...base, fits: false, failure: failed.oomKilled ? 'out of memory' : `exited with code ${failed.exitCode}` };
  const durations = results.map((r) => r.durationMs);
  const { median, p95 } = summarize(durations);
  const interval = meanInterval(durations, request.discard);
  const durationMs: DurationFigures = {
    median,
    p95,
    trimmedMean: trimmedMean(durations, request.discard),
    ci95: interval && [interval.lo, interval.hi],
    spreadPct: interval?.spreadPct ?? null,
  };
  const cpuTimes = results.map((r) => r.cpuMs ?? 0);
  const cpuInterval = meanInterval(cpuTimes, request.discard);
  const price = (ms: number, cpuMs: number) =>
    priceRun(request.provider, {
      // An interval's low end can fall below 0 for two far-apart runs: no run takes less than no time.
      durationMs: Math.max(0, ms),
      peakBytes,
      cpuMs: Math.max(0, cpuMs),
      allocatedMb: mb,
      requests: MILLION,
      freeTier: false,
    });
  const priced = price(durationMs.trimmedMean, trimmedMean(cpuTimes, request.discard));
  // Every price rises with the duration and with the CPU time: their ends give the cost's.
  const costCi95: [number, number] | null =
    interval && cpuInterval ? [price(interval.lo, cpuInterval.lo).totalCost, price(interval.hi, cpuInterval.hi).totalCost] : null;
  // The run nearest the trimmed mean carries the shape the dynamic price follows.
  const typical = [...results].sort(
    (a, b) => Math.abs(a.durationMs - durationMs.trimmedMean) - Math.abs(b.durationMs - durationMs.trimmedMean),
  )[0]!;
  const { uhull } = foldHull(results, { step: 0.1, lookahead: 2, bufferPct: 0 });
  const dynamic = dynamicCost(request.provider, typical, autotuneSchedule(uhull), durationMs.trimmedMean);
  return {
    ...base,
    fits: true,
    durationMs,
    billedMs: priced.billedDurationMs,
    costPerInvocation: priced.totalCost / MILLION,
    costPerMillion: priced.totalCost,
    costCi95,
    ...(dynamic === undefined ? {} : { dynamicCostPerMillion: dynamic }),
  };
}

/** Providers that bill observed memory or CPU time have no allocation to schedule: no dynamic price. */
function dynamicCost(
  provider: ProviderModel,
  run: RunResult,
  schedule: ReturnType<typeof autotuneSchedule>,
  durationMs: number,
): number | undefined {
  if (provider.model === 'average-memory' || provider.model === 'cpu-time') return undefined;
  try {
    return priceDynamic(provider, run.trace, schedule, { durationMs, requests: MILLION, freeTier: false, clampMemory: true }).dynamicCost;
  } catch {
    return undefined;
  }
}

/** The sizes to try (a spread of the provider's when not given), each one it offers; a size it does not offer is refused with its range. */
export function tuneSizes(text: string | undefined, provider: ProviderModel, label = '--sizes'): number[] {
  if (text === undefined) return defaultSizes(provider);
  const { minMb, maxMb } = memoryRange(provider);
  const sizes = text.split(',').map((part) => {
    const mb = Number(part.trim());
    if (part.trim() === '' || !Number.isFinite(mb) || mb <= 0) {
      throw new UserError(
        `${label} got ${JSON.stringify(part)}, which is not a number of MB`,
        `Give sizes in MB, such as ${label === '--sizes' ? '--sizes ' : ''}128,256,512`,
      );
    }
    if (mb < minMb || mb > maxMb) {
      throw new UserError(`${label} got ${mb} MB, which ${provider.id} does not offer (${minMb}–${maxMb} MB)`, 'Give sizes in that range');
    }
    return allocationTier(provider, mb);
  });
  return [...new Set(sizes)].sort((a, b) => a - b);
}
