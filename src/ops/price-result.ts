import { compareProviders, type CostEntry } from '../core/cost/compare.js';
import { priceDynamic, type DynamicCost } from '../core/cost/dynamic.js';
import type { CostInput } from '../core/cost/price-run.js';
import type { ProviderModel } from '../core/cost/schema.js';
import { isUserError } from '../core/errors.js';
import type { AllocationStep } from '../core/hull.js';
import type { Trace } from '../core/trace.js';
import { MIB } from '../core/units.js';
import type { RunResult } from '../tracer/tracer.js';
import { loadProviderSet, type ProviderSet } from './providers.js';

export type { CostEntry };

/** How a run is priced: for how many requests, with or without the free tier, at what allocation. */
export interface CostSettings {
  requests: number;
  freeTier: boolean;
  /** The memory the function is given; from --memory, as the original testbed emulated larger allocations. */
  allocatedBytes?: number;
  /** Price memory above a provider's maximum at the maximum instead of refusing. */
  clampMemory?: boolean;
}

/** What pricing needs of a run; the trace gives the time-weighted average memory, cpuMs prices CPU-time billing. */
export type PricedRun = Pick<RunResult, 'durationMs' | 'peakBytes'> & { trace?: Trace; cpuMs?: number | null };

/** The cost model's input for a run: one function, so a run, its CSV and its screen are priced on the same figures. */
export function costInput(run: PricedRun, settings: CostSettings): CostInput {
  return {
    durationMs: run.durationMs,
    peakBytes: run.peakBytes,
    ...(run.trace && run.trace.length > 0 ? { averageBytes: run.trace.timeWeightedMeanBytes(run.durationMs) } : {}),
    ...(run.cpuMs !== undefined && run.cpuMs !== null ? { cpuMs: run.cpuMs } : {}),
    requests: settings.requests,
    freeTier: settings.freeTier,
    clampMemory: Boolean(settings.clampMemory),
    ...(settings.allocatedBytes ? { allocatedMb: Math.ceil(settings.allocatedBytes / MIB) } : {}),
  };
}

/**
 * A run on every known provider, cheapest first; one that cannot host it says why.
 * A broken user provider file must not cost the user a finished run's report, so it becomes an entry too.
 */
export function priceResult(run: PricedRun, settings: CostSettings, providers: ProviderSet = loadProviderSet()): CostEntry[] {
  const entries = compareProviders(providers.models, costInput(run, settings));
  return providers.problem ? [...entries, { provider: 'user providers', error: providers.problem.message }] : entries;
}

/**
 * What a limit schedule would have cost on every provider that bills an allocation, against the static peak tier.
 * A provider that cannot price the run (a size it does not offer) is left out; anything else is a bug and propagates.
 */
export function priceAutotuned(
  run: Pick<RunResult, 'trace' | 'durationMs'>,
  schedule: AllocationStep[],
  settings: Pick<CostSettings, 'requests' | 'freeTier'>,
  providers: readonly ProviderModel[] = loadProviderSet().models,
): DynamicCost[] {
  return providers
    .filter((p) => p.model === 'allocated-memory' || p.model === 'memory-and-cpu')
    .flatMap((provider) => {
      try {
        return [
          priceDynamic(provider, run.trace, schedule, {
            durationMs: run.durationMs,
            requests: settings.requests,
            freeTier: settings.freeTier,
            clampMemory: true,
          }),
        ];
      } catch (error) {
        if (isUserError(error)) return [];
        throw error;
      }
    });
}
