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
  /** % price increase due to memory allocated but not used. */
  wastedMemoryPct: number;
  /** % price increase due to billed time that did not run. */
  wastedTimePct: number;
  wastedMs: number;
  wastedMb: number;
  /** Anything the figures need said: a clamped memory, an ignored flag, what "ms" means. */
  note?: string;
}

/** Cost of N requests, each running `ms` with `mb`; every figure of a report is this at another point. */
type PriceAt = (ms: number, mb: number) => number;

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
    const price: PriceAt = (ms) => charge(provider, { requests: n, gbSeconds: 0, cpuUnitSeconds: 0, cpuMs: n * ms }, input.freeTier);
    notes.push(`billed on ${cpuMs.toFixed(1)} CPU ms of ${input.durationMs.toFixed(1)} ms wall time; memory is fixed and not billed`);
    return report(provider, n, fit(peakMb), allocationTier(provider, 0), cpuMs, price, notes);
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
  const price: PriceAt = (ms, mb) =>
    charge(
      provider,
      { requests: n, gbSeconds: ((n * ms) / 1000) * (mb / 1024), cpuUnitSeconds: ((n * ms) / 1000) * mb * cpuPerMb, cpuMs: 0 },
      input.freeTier,
    );
  return report(provider, n, usedMb, allocatedMb, input.durationMs, price, notes);
}

function report(
  provider: ProviderModel,
  n: number,
  usedMb: number,
  allocatedMb: number,
  d: number,
  price: PriceAt,
  notes: string[],
): CostReport {
  const billedMs = billedDuration(provider, d);
  const total = price(billedMs, allocatedMb);
  const net = price(d, usedMb);
  const increase = (cost: number) => (net > 0 ? (cost / net) * 100 - 100 : 0);
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
    wastedMemoryPct: increase(price(d, allocatedMb)),
    wastedTimePct: increase(price(billedMs, usedMb)),
    wastedMs: billedMs - d,
    wastedMb: allocatedMb - usedMb,
    ...(notes.length > 0 ? { note: notes.join('; ') } : {}),
  };
}
