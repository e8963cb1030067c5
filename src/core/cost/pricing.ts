import { UserError } from '../errors.js';
import { MIB } from '../units.js';
import type { ProviderModel } from './providers.js';

export interface CostInput {
  durationMs: number;
  peakBytes: number;
  /** Memory the user asked for; rounded up to the provider's next tier. */
  allocatedMb?: number;
  requests: number;
  freeTier: boolean;
}

export interface CostReport {
  provider: string;
  requests: number;
  usedMb: number;
  allocatedMb: number;
  billedDurationMs: number;
  totalCost: number;
  netCost: number;
  overheadCost: number;
  /** % price increase due to memory allocated but not used. */
  wastedMemoryPct: number;
  /** % price increase due to billed time that did not run. */
  wastedTimePct: number;
  wastedMs: number;
  wastedMb: number;
}

/** The smallest memory tier of the provider that holds `mb`. */
export function allocationTier(provider: ProviderModel, mb: number): number {
  const { minMb, maxMb, stepMb } = provider.memory;
  const tier = Math.max(minMb, minMb + Math.ceil((mb - minMb) / stepMb) * stepMb);
  if (tier > maxMb) {
    throw new UserError(
      `${mb} MB is more than ${provider.id} allows (${maxMb} MB at most)`,
      'Choose a provider with larger functions, or lower the memory',
    );
  }
  return tier;
}

/** Prices one run for `requests` invocations, following the cost definitions in the design notes. */
export function priceRun(provider: ProviderModel, input: CostInput): CostReport {
  const { durationMs: d, requests: n } = input;
  const usedMb = Math.ceil(input.peakBytes / MIB);
  const allocatedMb = allocationTier(provider, input.allocatedMb ?? usedMb);
  const g = provider.granularityMs;
  const billedMs = Math.ceil(d / g) * g;
  const free = input.freeTier ? provider.freeTier : { gbSeconds: 0, requests: 0 };
  const price = (ms: number, mb: number) =>
    Math.max(0, (n * ms) / 1000 * (mb / 1024) - free.gbSeconds) * provider.pricePerGbSecond +
    Math.max(0, n - free.requests) * provider.pricePerRequest;

  const total = price(billedMs, allocatedMb);
  const net = price(d, usedMb);
  const increase = (cost: number) => (net > 0 ? (cost / net) * 100 - 100 : 0);
  return {
    provider: provider.id,
    requests: n,
    usedMb,
    allocatedMb,
    billedDurationMs: billedMs,
    totalCost: total,
    netCost: net,
    overheadCost: total - net,
    wastedMemoryPct: increase(price(d, allocatedMb)),
    wastedTimePct: increase(price(billedMs, usedMb)),
    wastedMs: billedMs - d,
    wastedMb: allocatedMb - usedMb,
  };
}
