import { UserError } from '../errors.js';
import type { Trace } from '../trace.js';
import { MIB } from '../units.js';
import { charge, cpuUnitsFor } from './charge.js';
import type { ProviderModel } from './schema.js';
import { allocationTier, billedDuration, memoryRange } from './tiers.js';

import type { AllocationStep } from '../hull.js';

export type { AllocationStep };

export interface DynamicInput {
  durationMs: number;
  requests: number;
  freeTier: boolean;
  /** Steps above the provider's maximum are priced at the maximum instead of refused. */
  clampMemory?: boolean;
}

export interface DynamicCost {
  provider: string;
  requests: number;
  billedDurationMs: number;
  /** GB-s of one run, paying at each moment for the tier that holds that moment's step. */
  dynamicGbSeconds: number;
  dynamicCost: number;
  /** The static peak allocation: the tier holding the trace's peak (`tracePeakMb`), for the whole run. */
  staticMb: number;
  staticGbSeconds: number;
  staticCost: number;
  savedCost: number;
  savedPct: number;
  tracePeakMb: number;
  /** The first sample that needed more than the schedule allowed, or null if it always fitted. */
  exceededAtMs: number | null;
}

/**
 * Prices a run under "pay for the allocation you have at each moment": every step of the
 * schedule is rounded up to a tier and paid for as long as it holds, up to the billed end.
 */
export function priceDynamic(provider: ProviderModel, trace: Trace, schedule: readonly AllocationStep[], input: DynamicInput): DynamicCost {
  if (provider.model !== 'allocated-memory' && provider.model !== 'memory-and-cpu') {
    throw new UserError(
      `${provider.id} does not bill a configured allocation, so a schedule cannot change its price`,
      'Choose a provider that bills allocated memory',
    );
  }
  const steps = [...schedule].sort((a, b) => a.atMs - b.atMs);
  if (steps.length === 0 || steps.some((s) => !Number.isFinite(s.atMs) || !Number.isFinite(s.mb) || s.mb < 0)) {
    throw new UserError('the allocation schedule is empty or holds a step that is not a time and a size', 'Pass an upscaling hull');
  }
  const { maxMb } = memoryRange(provider);
  const tierOf = (mb: number) => allocationTier(provider, input.clampMemory ? Math.min(mb, maxMb) : mb);
  const tiers = steps.map((s) => tierOf(s.mb));
  const billedMs = billedDuration(provider, input.durationMs);

  let gbSeconds = 0;
  let cpuUnitSeconds = 0;
  steps.forEach((step, i) => {
    const from = i === 0 ? 0 : Math.min(step.atMs, billedMs);
    const to = Math.min(steps[i + 1]?.atMs ?? billedMs, billedMs);
    const seconds = Math.max(0, to - from) / 1000;
    gbSeconds += seconds * (tiers[i]! / 1024);
    cpuUnitSeconds += seconds * cpuUnitsFor(provider, tiers[i]!);
  });
  // The static choice is what the run itself needed at its peak, not the schedule's largest step:
  // a padded or over-trained hull must not inflate the baseline it is compared against.
  const tracePeakMb = Math.ceil(trace.peakBytes / MIB);
  const staticMb = tierOf(tracePeakMb);
  const staticGbSeconds = (billedMs / 1000) * (staticMb / 1024);
  const n = input.requests;
  const price = (gbs: number, cpus: number) =>
    charge(provider, { requests: n, gbSeconds: n * gbs, cpuUnitSeconds: n * cpus, cpuMs: 0 }, input.freeTier);
  const dynamicCost = price(gbSeconds, cpuUnitSeconds);
  const staticCost = price(staticGbSeconds, (billedMs / 1000) * cpuUnitsFor(provider, staticMb));
  return {
    provider: provider.id,
    requests: n,
    billedDurationMs: billedMs,
    dynamicGbSeconds: gbSeconds,
    dynamicCost,
    staticMb,
    staticGbSeconds,
    staticCost,
    savedCost: staticCost - dynamicCost,
    savedPct: staticCost > 0 ? ((staticCost - dynamicCost) / staticCost) * 100 : 0,
    tracePeakMb,
    exceededAtMs: firstExcess(trace, steps, tiers),
  };
}

function firstExcess(trace: Trace, steps: readonly AllocationStep[], tiers: readonly number[]): number | null {
  let step = 0;
  for (let i = 0; i < trace.length; i++) {
    const t = trace.timeAt(i);
    while (step + 1 < steps.length && steps[step + 1]!.atMs <= t) step += 1;
    if (Math.ceil(trace.bytesAt(i) / MIB) > tiers[step]!) return t;
  }
  return null;
}
