import { isUserError } from '../errors.js';
import { priceRun, type CostInput, type CostReport } from './price-run.js';
import type { ProviderModel } from './schema.js';

/** A provider's price, or why it cannot host the run. */
export type CostEntry = CostReport | { provider: string; error: string };

export function isPriced(entry: CostEntry): entry is CostReport {
  return !('error' in entry);
}

/** Prices on one provider; a provider that cannot host the run says why instead of failing the comparison. */
function priceOrExplain(provider: ProviderModel, input: CostInput): CostEntry {
  try {
    return priceRun(provider, input);
  } catch (error) {
    if (!isUserError(error)) throw error;
    return { provider: provider.id, error: error.message };
  }
}

/** Every provider, cheapest first; those that cannot host it come last, in their given order. */
export function compareProviders(providers: readonly ProviderModel[], input: CostInput): CostEntry[] {
  const entries = providers.map((p) => priceOrExplain(p, input));
  const priced = entries.filter(isPriced).sort((a, b) => a.totalCost - b.totalCost);
  return [...priced, ...entries.filter((e) => !isPriced(e))];
}

interface StaticChoice {
  mb: number;
  /** The allocation the user gave, or the provider's default size. */
  source: 'given' | 'default';
  /** Null when the choice cannot hold the run. */
  cost: number | null;
  /** What the static choice costs beyond the recommendation, in $ and in %. */
  wastedCost: number | null;
  wastedPct: number | null;
  error?: string;
}

export interface Recommendation {
  provider: string;
  /** The cheapest configuration that holds the run's peak. */
  recommendedMb: number;
  recommendedCost: number;
  staticChoice: StaticChoice | null;
  note?: string;
}

/**
 * The cheapest configuration that fits the peak, beside a static choice. With the run's
 * duration fixed, cost grows with memory, so the smallest fitting tier is the cheapest.
 */
export function recommend(provider: ProviderModel, input: CostInput): Recommendation | { provider: string; error: string } {
  const { allocatedMb: given, ...rest } = input;
  const best = priceOrExplain(provider, { ...rest, clampMemory: false });
  if (!isPriced(best)) return best;
  const base = { provider: provider.id, recommendedMb: best.allocatedMb, recommendedCost: best.totalCost };
  if (provider.model === 'average-memory' || provider.model === 'cpu-time') {
    return { ...base, staticChoice: null, note: `memory is not configured on ${provider.id}: nothing to choose` };
  }
  const mb = given ?? provider.memory.defaultMb;
  if (mb === undefined) return { ...base, staticChoice: null, note: `${provider.id} has no default size to compare with` };
  const source = given === undefined ? 'default' : 'given';
  const chosen = priceOrExplain(provider, { ...rest, allocatedMb: mb, clampMemory: false });
  if (!isPriced(chosen)) {
    return { ...base, staticChoice: { mb, source, cost: null, wastedCost: null, wastedPct: null, error: chosen.error } };
  }
  const wastedCost = chosen.totalCost - best.totalCost;
  const wastedPct = best.totalCost > 0 ? (wastedCost / best.totalCost) * 100 : 0;
  return { ...base, staticChoice: { mb: chosen.allocatedMb, source, cost: chosen.totalCost, wastedCost, wastedPct } };
}

/** Every provider's recommendation, cheapest first, then those that cannot host the run: the order of compareProviders. */
export function recommendAll(
  providers: readonly ProviderModel[],
  input: CostInput,
): (Recommendation | { provider: string; error: string })[] {
  const all = providers.map((p) => recommend(p, input));
  const usable = all.filter((r): r is Recommendation => !('error' in r)).sort((a, b) => a.recommendedCost - b.recommendedCost);
  return [...usable, ...all.filter((r) => 'error' in r)];
}
