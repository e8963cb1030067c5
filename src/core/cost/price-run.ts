import { UserError } from '../errors.js';
import { grouped, MIB } from '../units.js';
import { charge, cpuUnitsFor } from './charge.js';
import type { ModelKind, ProviderModel } from './schema.js';
import { allocationTier, billedDuration, memoryRange, tooMuchMemory } from './tiers.js';

export { allocationTier } from './tiers.js';

/** Beyond this a count of requests is no longer a whole number in a double, and no bill is that large. */
export const MAX_REQUESTS = 1e15;

export interface CostInput {
  /** Wall time of one run. */
  durationMs: number;
  peakBytes: number;
  /** Time-weighted mean memory, for providers that bill observed memory; the peak when unknown. */
  averageBytes?: number;
  /** Container CPU time of one run, for providers that bill CPU time. */
  cpuMs?: number | null;
  /** Memory the user asked for; rounded up to the provider's next tier. */
  allocatedMb?: number;
  requests: number;
  freeTier: boolean;
  /** Price memory above the provider's maximum at the maximum instead of refusing. */
  clampMemory?: boolean;
}

export interface CostReport {
  provider: string;
  model: ModelKind;
  requests: number;
  usedMb: number;
  allocatedMb: number;
  /** Wall ms, or CPU ms for CPU-time billing. */
  billedDurationMs: number;
  totalCost: number;
  netCost: number;
  overheadCost: number;
  /**
   * % price increase due to memory allocated but not used. Without a free tier, the original's: the run at its
   * duration with the allocation, against the net. With one, this and `wastedTimePct` share the overhead (see
   * `shareOfOverhead`), so they add up to overhead ÷ net. Null where the free tier pays for all the run needs
   * and only its waste is paid: there is no net cost to compare with.
   */
  wastedMemoryPct: number | null;
  /** % price increase due to billed time that did not run; as `wastedMemoryPct`. */
  wastedTimePct: number | null;
  wastedMs: number;
  wastedMb: number;
  /** Anything the figures need said: a clamped memory, an ignored flag, what "ms" means. */
  note?: string;
}

/** Cost of N requests, each running `ms` with `mb`, with or without the free tier; every figure of a report is this at another point. */
type PriceAt = (ms: number, mb: number, freeTier: boolean) => number;

/** Prices one run for `requests` invocations, following the cost definitions in the design notes. */
export function priceRun(provider: ProviderModel, input: CostInput): CostReport {
  const notes: string[] = [];
  const { maxMb } = memoryRange(provider);
  const peakMb = Math.ceil(input.peakBytes / MIB);
  if (peakMb > maxMb) {
    if (!input.clampMemory) throw tooMuchMemory(provider, peakMb);
    notes.push(`priced at the maximum, ${grouped(maxMb)} MB; the run used ${grouped(peakMb)} MB and would fail there`);
  }
  const fit = (mb: number) => Math.min(mb, maxMb);
  const n = input.requests;

  if (provider.model === 'cpu-time') {
    if (input.cpuMs === undefined || input.cpuMs === null) {
      throw new UserError(`${provider.id} bills CPU time, and this run's CPU time is not known`, 'Give it with --cpu-ms');
    }
    const cpuMs = input.cpuMs;
    const price: PriceAt = (ms, _mb, free) => charge(provider, { requests: n, gbSeconds: 0, cpuUnitSeconds: 0, cpuMs: n * ms }, free);
    notes.push(`billed on ${cpuMs.toFixed(1)} CPU ms of ${input.durationMs.toFixed(1)} ms wall time; memory is fixed and not billed`);
    return report(provider, n, fit(peakMb), allocationTier(provider, 0), cpuMs, price, notes, input.freeTier);
  }

  let usedMb = fit(peakMb);
  let allocatedMb: number;
  if (provider.model === 'average-memory') {
    usedMb = fit(Math.ceil((input.averageBytes ?? input.peakBytes) / MIB));
    allocatedMb = allocationTier(provider, usedMb);
    if (input.allocatedMb !== undefined) notes.push(`${provider.id} bills observed memory, so the allocation given was ignored`);
  } else {
    const asked = input.allocatedMb ?? usedMb;
    allocatedMb = allocationTier(provider, input.clampMemory ? fit(asked) : asked);
    if (allocatedMb < usedMb) {
      throw new UserError(
        `${allocatedMb} MB on ${provider.id} is less than the ${usedMb} MB the run used`,
        'Allocate more memory, or leave the allocation out',
      );
    }
  }
  const cpuPerMb = cpuUnitsFor(provider, allocatedMb) / allocatedMb;
  // CPU coupled to memory is charged pro rata: the net cost pays for the used share of the instance.
  const price: PriceAt = (ms, mb, free) =>
    charge(
      provider,
      { requests: n, gbSeconds: ((n * ms) / 1000) * (mb / 1024), cpuUnitSeconds: ((n * ms) / 1000) * mb * cpuPerMb, cpuMs: 0 },
      free,
    );
  return report(provider, n, usedMb, allocatedMb, input.durationMs, price, notes, input.freeTier);
}

function report(
  provider: ProviderModel,
  n: number,
  usedMb: number,
  allocatedMb: number,
  d: number,
  price: PriceAt,
  notes: string[],
  freeTier: boolean,
): CostReport {
  const billedMs = billedDuration(provider, d);
  const total = price(billedMs, allocatedMb, freeTier);
  const net = price(d, usedMb, freeTier);
  const increases = wasteIncreases(price, { d, billedMs, usedMb, allocatedMb }, net, total - net);
  return {
    provider: provider.id,
    model: provider.model,
    requests: n,
    usedMb,
    allocatedMb,
    billedDurationMs: billedMs,
    totalCost: total,
    netCost: net,
    overheadCost: total - net,
    wastedMemoryPct: increases.memory,
    wastedTimePct: increases.time,
    wastedMs: billedMs - d,
    wastedMb: allocatedMb - usedMb,
    ...(notes.length > 0 ? { note: notes.join('; ') } : {}),
  };
}

/**
 * The % price increase due to unused memory and due to unused time: the original's, each what that waste alone
 * adds at the provider's price, against the net. A free tier comes off total and net first; were it also taken
 * off each waste alone, it could swallow both (each fits in what the net leaves of it) beside an overhead that
 * only the two together make: "+0.00 %" twice beside $10.40. So the wastes are priced without it and shrunk
 * as the overhead shrank under it: the same as the original's where the free tier does not reach them, 0 only
 * where the overhead is 0, and null where the free tier pays for all the run needs, with no net to compare with.
 */
function wasteIncreases(
  price: PriceAt,
  run: { d: number; billedMs: number; usedMb: number; allocatedMb: number },
  net: number,
  overhead: number,
): { memory: number | null; time: number | null } {
  const { d, billedMs: b, usedMb: u, allocatedMb: a } = run;
  const fullOverhead = price(b, a, false) - price(d, u, false);
  const kept = fullOverhead > 0 ? overhead / fullOverhead : 0;
  const increase = (waste: number) => {
    if (net > 0) return ((waste * kept) / net) * 100;
    return waste * kept > 0 ? null : 0;
  };
  return {
    memory: increase(price(d, a, false) - price(d, u, false)),
    time: increase(price(b, u, false) - price(d, u, false)),
  };
}
