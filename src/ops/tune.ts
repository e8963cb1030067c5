import { defaultSizes, vcpusAt } from '../core/cost/cpu.js';
import { allocationTier, memoryRange } from '../core/cost/tiers.js';
import { Interrupted, UserError } from '../core/errors.js';
import { priceDynamic } from '../core/cost/dynamic.js';
import { priceRun } from '../core/cost/pricing.js';
import type { ProviderModel } from '../core/cost/schema.js';
import type { RunPlan } from '../core/run-plan.js';
import { summarize } from '../core/stats.js';
import { MIB } from '../core/units.js';
import type { ContainerRuntime } from '../tracer/runtime.js';
import type { RunResult } from '../tracer/tracer.js';
import { autotuneSchedule, foldHull } from './hull.js';
import { runOnce, type RunHooks, type TraceSettings } from './run-once.js';
import { runPool } from './run-pool.js';

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
  durationMs?: { median: number; p95: number; trimmedMean: number };
  /** The kernel's peak, the highest of the runs. */
  peakBytes: number;
  billedMs?: number;
  costPerInvocation?: number;
  costPerMillion?: number;
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
  strategy: TuneStrategy;
  cpuScale: number;
  hostCpus: number;
  /** The most runs that ran at once: above 1, they shared the host and its memory bandwidth. */
  atOnce: number;
  interrupted: boolean;
}

export interface TuneHooks extends RunHooks {
  onRunStart?: (mb: number, index: number) => void;
  onRunDone?: (mb: number, index: number, result: RunResult) => void;
}

/**
 * Runs the plan at each memory size with the CPU the provider couples to it,
 * `runs` times, prices each size from the trimmed mean duration, and picks the
 * best size for each strategy among those that fit. An interrupt keeps what
 * finished and reports it.
 */
export async function tune(
  runtime: ContainerRuntime,
  request: TuneRequest,
  settings: TraceSettings,
  hooks: TuneHooks = {},
): Promise<TuneOutcome> {
  // The engine's host, which may not be this one (a remote DOCKER_HOST, a VM): Docker refuses a quota above its CPUs.
  const hostCpus = await runtime.cpus();
  const jobs = request.sizes.flatMap((mb) => {
    const { cpus } = cpuAt(request, mb, hostCpus);
    const plan = {
      ...request.plan,
      spec: {
        ...request.plan.spec,
        memoryBytes: mb * MIB,
        // No swap: a size that is too small is killed, as on the provider.
        memorySwapBytes: mb * MIB,
        ...(cpus === null ? {} : { nanoCpus: Math.round(cpus * 1e9) }),
      },
    };
    return Array.from({ length: request.runs }, (_, index) => ({
      mb,
      // A size without a CPU cap may take the whole host: it runs alone.
      cpus: cpus ?? hostCpus,
      run: async (signal: AbortSignal) => {
        hooks.onRunStart?.(mb, index);
        try {
          const result = await runOnce(runtime, plan, settings, { ...hooks, signal });
          hooks.onRunDone?.(mb, index, result);
          return result;
        } catch (error) {
          // Stopped before the function started: nothing of this run to keep.
          if (error instanceof Interrupted) return undefined;
          throw error;
        }
      },
    }));
  });
  const { results, mostAtOnce } = await runPool(jobs, { limit: request.parallel ?? 1, hostCpus, signal: hooks.signal });
  const ran: SizeRuns[] = request.sizes
    .map((mb) => ({ mb, results: results.filter((r, i): r is RunResult => r !== undefined && jobs[i]!.mb === mb) }))
    .filter((size) => size.results.length > 0);
  const interrupted = Boolean(hooks.signal?.aborted) || results.some((r) => r === undefined || r.interrupted);
  return tuneOutcome(request, hostCpus, ran, interrupted, mostAtOnce);
}

/** One size's runs, as they ran; an interrupted one is left out of its figures. */
export interface SizeRuns {
  mb: number;
  results: RunResult[];
}

/** The CPU the provider gives a size, and what this host can give of it. */
function cpuAt(request: Pick<TuneRequest, 'provider' | 'cpuScale'>, mb: number, hostCpus: number) {
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
    picks: pick(sizes, request.balancedWeight),
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
  const durationMs = { median, p95, trimmedMean: trimmedMean(durations, request.discard) };
  const cpuMs = trimmedMean(
    results.map((r) => r.cpuMs ?? 0),
    request.discard,
  );
  const priced = priceRun(request.provider, {
    durationMs: durationMs.trimmedMean,
    peakBytes,
    cpuMs,
    allocatedMb: mb,
    requests: MILLION,
    freeTier: false,
  });
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

/** The mean after dropping the `share` fastest and slowest values at each end; never fewer than one value. */
export function trimmedMean(values: readonly number[], share: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const cut = Math.min(Math.floor(sorted.length * share), Math.floor((sorted.length - 1) / 2));
  const kept = sorted.slice(cut, sorted.length - cut);
  return kept.reduce((sum, v) => sum + v, 0) / kept.length;
}

/**
 * Power Tuning's three answers over the sizes that fit, ran all their runs
 * and are not below the function's peak: the cheapest, the fastest, and the lowest weighted sum of
 * cost and duration, each scaled by its largest value.
 */
export function pick(sizes: readonly SizeOutcome[], balancedWeight: number): Partial<Record<TuneStrategy, number>> {
  // The function's need: the lowest peak a fitting size saw. A larger size can see more (page cache, a heap that grows with the limit).
  const fitting = sizes.filter((s) => s.fits && !s.partial && s.costPerMillion !== undefined && s.durationMs !== undefined);
  const peak = Math.min(...fitting.map((s) => s.peakBytes));
  const candidates = fitting.filter((s) => s.mb * MIB >= peak);
  if (candidates.length === 0) return {};
  const cost = (s: SizeOutcome) => s.costPerMillion!;
  const time = (s: SizeOutcome) => s.durationMs!.trimmedMean;
  const maxCost = Math.max(...candidates.map(cost)) || 1;
  const maxTime = Math.max(...candidates.map(time)) || 1;
  const best = (score: (s: SizeOutcome) => number) => candidates.reduce((a, b) => (score(b) < score(a) ? b : a)).mb;
  return {
    cost: best(cost),
    speed: best(time),
    balanced: best((s) => balancedWeight * (cost(s) / maxCost) + (1 - balancedWeight) * (time(s) / maxTime)),
  };
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
