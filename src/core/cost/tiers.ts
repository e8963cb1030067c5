import { UserError } from '../errors.js';
import { grouped } from '../units.js';
import type { ProviderModel } from './schema.js';

/** The smallest and largest memory a provider offers. */
export function memoryRange(provider: ProviderModel): { minMb: number; maxMb: number } {
  const { tiersMb, minMb, maxMb } = provider.memory;
  // Not Math.min(...tiersMb): spreading a long list overflows the stack.
  if (tiersMb) return { minMb: tiersMb.reduce((a, b) => Math.min(a, b)), maxMb: tiersMb.reduce((a, b) => Math.max(a, b)) };
  return { minMb: minMb ?? 0, maxMb: maxMb ?? Infinity };
}

export function tooMuchMemory(provider: ProviderModel, mb: number): UserError {
  return new UserError(
    `${grouped(mb)} MB is more than ${provider.id} allows (${grouped(memoryRange(provider).maxMb)} MB at most)`,
    'Add --clamp-memory to price it at the maximum anyway, or choose a provider with larger functions',
  );
}

/** The smallest memory tier of the provider that holds `mb`. */
export function allocationTier(provider: ProviderModel, mb: number): number {
  const { tiersMb, minMb = 0, stepMb = 1 } = provider.memory;
  const { maxMb } = memoryRange(provider);
  const tier = tiersMb
    ? ([...tiersMb].sort((a, b) => a - b).find((t) => t >= mb) ?? Infinity)
    : Math.max(minMb, minMb + Math.ceil((mb - minMb) / stepMb) * stepMb);
  if (tier > maxMb) throw tooMuchMemory(provider, mb);
  return tier;
}

/** Billed ms: rounded up to the granularity, and at least the provider's minimum. */
export function billedDuration(provider: ProviderModel, ms: number): number {
  const g = provider.granularityMs;
  return Math.max(provider.minimumBilledMs ?? 0, Math.ceil(ms / g) * g);
}
