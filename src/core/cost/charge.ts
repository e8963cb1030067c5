import type { ProviderModel } from './schema.js';

/** What a batch of requests consumes, in the units providers bill. */
export interface Usage {
  requests: number;
  gbSeconds: number;
  /** GHz-s or vCPU-s, in the provider's CPU unit. */
  cpuUnitSeconds: number;
  cpuMs: number;
}

const NONE = { requests: 0, gbSeconds: 0, cpuUnitSeconds: 0, cpuMs: 0 };

/**
 * The price of `usage`. The free tier comes off every amount before pricing and never
 * below zero, so every figure of a report (total, net, the what-ifs) is treated alike.
 */
export function charge(provider: ProviderModel, usage: Usage, freeTier: boolean): number {
  const free = freeTier ? { ...NONE, ...provider.freeTier } : NONE;
  const paid = (key: keyof Usage) => Math.max(0, usage[key] - (free[key] ?? 0));
  return (
    gbSecondCost(provider, paid('gbSeconds')) +
    paid('cpuUnitSeconds') * (provider.cpu?.pricePerUnitSecond ?? 0) +
    (paid('cpuMs') * (provider.pricePerMillionCpuMs ?? 0)) / 1e6 +
    (paid('requests') * provider.pricePerMillionRequests) / 1e6
  );
}

/** GB-s priced through the monthly volume tiers: each band at its own price, like income tax. */
function gbSecondCost(provider: ProviderModel, gbSeconds: number): number {
  const bands = [{ aboveGbSeconds: 0, pricePerGbSecond: provider.pricePerGbSecond }, ...(provider.volumeTiers ?? [])].sort(
    (a, b) => a.aboveGbSeconds - b.aboveGbSeconds,
  );
  let cost = 0;
  bands.forEach((band, i) => {
    const end = bands[i + 1]?.aboveGbSeconds ?? Infinity;
    const inBand = Math.min(gbSeconds, end) - band.aboveGbSeconds;
    if (inBand > 0) cost += inBand * band.pricePerGbSecond;
  });
  return cost;
}

/** The CPU a memory size comes with, for providers that couple the two; 0 for the rest. */
export function cpuUnitsFor(provider: ProviderModel, allocatedMb: number): number {
  const table = provider.cpu?.byMemory;
  if (!table) return 0;
  const row = table.find((r) => allocatedMb <= r.upToMb) ?? table[table.length - 1];
  return row?.units ?? 0;
}
