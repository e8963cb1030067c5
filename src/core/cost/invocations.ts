import { isUserError, UserError } from '../errors.js';
import type { MeasuredInvocation } from '../lambda-phases.js';
import { grouped, MIB } from '../units.js';
import { charge, cpuUnitsFor, type Usage } from './charge.js';
import { initRuleAt, type AppliedInitRule, type PackageType } from './init-billing.js';
import type { ModelKind, ProviderModel } from './schema.js';
import { allocationTier, billedDuration, memoryRange, tooMuchMemory } from './tiers.js';

/** A function as `invoke` measured it: the memory size it ran with, and its invocations. */
export interface InvokedFunction {
  memorySizeMb: number;
  invocations: readonly MeasuredInvocation[];
}

/** How invocations are priced: how many, what share of them start cold, and by the rules in force on which date. */
export interface InvocationPricing {
  requests: number;
  /** 0 to 1. */
  coldShare: number;
  /** YYYY-MM-DD. */
  asOf: string;
  packageType: PackageType;
  freeTier: boolean;
  /** Price at this size instead of the memory size the function ran with. */
  allocatedMb?: number;
  clampMemory?: boolean;
}

export interface InvocationCost {
  provider: string;
  model: ModelKind;
  requests: number;
  allocatedMb: number;
  /** The mean billed ms of a warm invocation, and of a cold one with its init where the rule bills it. */
  warmBilledMs: number;
  coldBilledMs: number;
  init: AppliedInitRule;
  totalCost: number;
  /** What billing the init adds to the total: 0 where the rule does not bill it. */
  initCost: number;
  /** What the figures need said: an init whose billing is not known, warm ones priced from the cold one. */
  notes: string[];
}

export type InvocationCostEntry = InvocationCost | { provider: string; error: string };

export const isPricedInvocation = (entry: InvocationCostEntry): entry is InvocationCost => !('error' in entry);

/** What one invocation consumes, in the units providers bill, with or without its init. */
type Consumed = (invocation: MeasuredInvocation, withInit: boolean) => { billedMs: number; gbSeconds: number; cpuUnitSeconds: number };

/**
 * What `requests` invocations cost on one provider: a share of them cold, each cold one paying its init where the
 * provider's rule on `asOf` bills it (added to its duration and billed with it, as Lambda's REPORT line gives one
 * Billed Duration, up to the rule's cap), the rest warm; each kind at the mean of what its measured invocations
 * consumed, billed one by one (every invocation is rounded up on its own), plus the requests.
 */
function priceInvocations(provider: ProviderModel, fn: InvokedFunction, pricing: InvocationPricing): InvocationCost {
  if (provider.model === 'cpu-time') {
    throw new UserError('it bills CPU time, which invoke does not measure per invocation', 'Price a run with functracer cost --cpu-ms');
  }
  const notes: string[] = [];
  const cold = fn.invocations.filter((i) => i.cold);
  let warm = fn.invocations.filter((i) => !i.cold);
  if (cold.length === 0 && pricing.coldShare > 0) {
    throw new UserError(
      'no cold invocation was measured, so a cold start cannot be priced',
      'Give --cold-share 0, or trace the function from its start',
    );
  }
  if (warm.length === 0 && pricing.coldShare < 1) {
    warm = cold.map((i) => ({ ...i, cold: false, initMs: null }));
    notes.push("no warm invocation ran: warm ones are priced at the cold one's Duration");
  }
  const { mb: allocatedMb, memoryOf } = memoryFor(provider, fn, pricing, notes);
  const rule = initRuleAt(provider, pricing.asOf, pricing.packageType);
  if (rule.billed === 'unknown') {
    notes.push(
      rule.since === null
        ? `its file states no init rule in force on ${pricing.asOf}: priced as not billed`
        : "its pages do not say how a cold start's init is billed: priced as not billed",
    );
  }
  const cap = rule.capMs ?? Infinity;
  const consumed: Consumed = (invocation, withInit) => {
    const initMs = withInit && rule.billed === 'as-duration' ? Math.min(invocation.initMs ?? 0, cap) : 0;
    const billedMs = billedDuration(provider, invocation.durationMs + initMs);
    const mb = memoryOf(invocation);
    return { billedMs, gbSeconds: (billedMs / 1000) * (mb / 1024), cpuUnitSeconds: (billedMs / 1000) * cpuUnitsFor(provider, mb) };
  };
  const usage = (withInit: boolean): Usage => {
    const share = (list: readonly MeasuredInvocation[], count: number, key: 'gbSeconds' | 'cpuUnitSeconds') =>
      count === 0 ? 0 : count * mean(list.map((i) => consumed(i, withInit)[key]));
    const coldCount = pricing.requests * pricing.coldShare;
    const warmCount = pricing.requests - coldCount;
    return {
      requests: pricing.requests,
      gbSeconds: share(warm, warmCount, 'gbSeconds') + share(cold, coldCount, 'gbSeconds'),
      cpuUnitSeconds: share(warm, warmCount, 'cpuUnitSeconds') + share(cold, coldCount, 'cpuUnitSeconds'),
      cpuMs: 0,
    };
  };
  const totalCost = charge(provider, usage(true), pricing.freeTier);
  return {
    provider: provider.id,
    model: provider.model,
    requests: pricing.requests,
    allocatedMb,
    warmBilledMs: warm.length === 0 ? 0 : mean(warm.map((i) => consumed(i, false).billedMs)),
    coldBilledMs: cold.length === 0 ? 0 : mean(cold.map((i) => consumed(i, true).billedMs)),
    init: rule,
    totalCost,
    initCost: totalCost - charge(provider, usage(false), pricing.freeTier),
    notes,
  };
}

/**
 * The memory billed: the tier that holds the function's memory size on a provider that bills a configured size,
 * and on one that bills observed memory, each invocation's own peak rounded up to its step (the peak, as the
 * record keeps no average per invocation: never below what is billed).
 */
function memoryFor(
  provider: ProviderModel,
  fn: InvokedFunction,
  pricing: InvocationPricing,
  notes: string[],
): { mb: number; memoryOf: (invocation: MeasuredInvocation) => number } {
  const { maxMb } = memoryRange(provider);
  const clamp = (mb: number) => (pricing.clampMemory ? Math.min(mb, maxMb) : mb);
  const peakMb = Math.max(0, ...fn.invocations.map((i) => Math.ceil((i.peakBytes ?? 0) / MIB)));
  if (peakMb > maxMb) {
    if (!pricing.clampMemory) throw tooMuchMemory(provider, peakMb);
    notes.push(`priced at the maximum, ${grouped(maxMb)} MB; the function used ${grouped(peakMb)} MB and would fail there`);
  }
  if (provider.model === 'average-memory') {
    const observed = (i: MeasuredInvocation) =>
      allocationTier(provider, clamp(Math.max(1, Math.ceil((i.peakBytes ?? peakMb * MIB) / MIB))));
    notes.push("it bills observed memory: priced on each invocation's peak, at most what it bills");
    return { mb: allocationTier(provider, clamp(Math.max(1, peakMb))), memoryOf: observed };
  }
  const size = pricing.allocatedMb ?? fn.memorySizeMb;
  if (size > maxMb && !pricing.clampMemory) throw tooMuchMemory(provider, size);
  const mb = allocationTier(provider, clamp(size));
  if (mb < clamp(peakMb)) {
    throw new UserError(
      `${grouped(mb)} MB on ${provider.id} is less than the ${grouped(peakMb)} MB the function used`,
      'Allocate more memory, or leave the allocation out',
    );
  }
  return { mb, memoryOf: () => mb };
}

const mean = (values: readonly number[]) => values.reduce((a, b) => a + b, 0) / values.length;

/** Every provider, cheapest first; one that cannot price the function says why, last. */
export function compareInvocationCosts(
  providers: readonly ProviderModel[],
  fn: InvokedFunction,
  pricing: InvocationPricing,
): InvocationCostEntry[] {
  const entries = providers.map((provider): InvocationCostEntry => {
    try {
      return priceInvocations(provider, fn, pricing);
    } catch (error) {
      if (!isUserError(error)) throw error;
      return { provider: provider.id, error: error.message };
    }
  });
  const priced = entries.filter(isPricedInvocation).sort((a, b) => a.totalCost - b.totalCost);
  return [...priced, ...entries.filter((e) => !isPricedInvocation(e))];
}
