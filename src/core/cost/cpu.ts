import type { ProviderModel } from './schema.js';
import { allocationTier, memoryRange } from './tiers.js';

/** Google's GHz per memory tier are quoted against a 2.4 GHz vCPU (see gcf-gen1.json's notes). */
const GHZ_PER_VCPU = 2.4;

/**
 * The vCPUs a function of `mb` gets on the provider, or undefined where CPU is
 * not tied to memory: its `cpu` table where it bills CPU by tier, else its
 * `cpuCoupling` (CPU in proportion to memory, up to a maximum).
 */
export function vcpusAt(provider: ProviderModel, mb: number): number | undefined {
  if (provider.cpu) {
    const tier = provider.cpu.byMemory.find((t) => mb <= t.upToMb) ?? provider.cpu.byMemory.at(-1)!;
    return provider.cpu.unit === 'vCPU' ? tier.units : tier.units / GHZ_PER_VCPU;
  }
  const coupling = provider.cpuCoupling;
  if (!coupling) return undefined;
  return Math.min(mb / coupling.mbPerVcpu, coupling.maxVcpus ?? Infinity);
}

/** Power Tuning's usual spread with 1,769 MB (one whole Lambda vCPU) for its 1,536, kept to the provider's sizes, at most six. */
const SPREAD_MB = [128, 256, 512, 1024, 1769, 3008];

/** The sizes `tune` tries when none are given: the usual spread where the provider has a step, else its own tiers, spread out. */
export function defaultSizes(provider: ProviderModel): number[] {
  const { minMb, maxMb } = memoryRange(provider);
  const tiers = provider.memory.tiersMb;
  if (tiers) {
    const sorted = [...tiers].sort((a, b) => a - b);
    if (sorted.length <= 6) return sorted;
    return [...new Set(Array.from({ length: 6 }, (_, i) => sorted[Math.round((i * (sorted.length - 1)) / 5)]!))];
  }
  const fitting = SPREAD_MB.filter((mb) => mb >= minMb && mb <= maxMb).map((mb) => allocationTier(provider, mb));
  return fitting.length > 0 ? [...new Set(fitting)] : [allocationTier(provider, minMb)];
}
