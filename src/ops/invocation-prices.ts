import type { PackageType } from '../core/cost/init-billing.js';
import { compareInvocationCosts, type InvocationCostEntry, type InvocationPricing } from '../core/cost/invocations.js';
import { UserError } from '../core/errors.js';
import { measuredInvocations } from '../core/lambda-phases.js';
import type { PhaseFigures } from '../core/run-record.js';
import { loadProviderSet, type ProviderSet } from './providers.js';

/**
 * AWS's own analysis of production functions found cold starts in under 1 % of invocations (its post on INIT
 * billing, 2025): the share a price per 1M invocations assumes unless told.
 */
export const DEFAULT_COLD_SHARE_PCT = 1;

/** How an invoked function is priced, as both front ends ask for it. */
export interface InvocationPriceSettings {
  requests: number;
  coldSharePct: number;
  asOf: string;
  packageType: PackageType;
  freeTier: boolean;
  allocatedMb?: number;
  clampMemory?: boolean;
}

/** One container's part of a session: the memory size it ran with and its phases, as its run record keeps them. */
export interface InvokedContainer {
  memorySizeMb: number;
  phases: readonly PhaseFigures[];
}

/** The prices of an invoked function on every provider, with what they were priced on. */
export interface InvocationPrices {
  requests: number;
  coldSharePct: number;
  asOf: string;
  packageType: PackageType;
  freeTier: boolean;
  memorySizeMb: number;
  /** The measured invocations priced: how many, and how many of them cold. */
  invocations: number;
  cold: number;
  /** Whether a cold one's init is known only by its bound, and billed at it. */
  initBounded: boolean;
  providers: InvocationCostEntry[];
}

/**
 * What 1M (or `requests`) invocations of the function cost on every provider, from its containers' phases: the
 * same figures whether they come from `invoke` as it ends or from its run records later (`cost --trace`).
 */
export function priceInvokedFunction(
  containers: readonly InvokedContainer[],
  settings: InvocationPriceSettings,
  providers: ProviderSet = loadProviderSet(),
): InvocationPrices {
  const memorySizeMb = containers[0]?.memorySizeMb ?? 0;
  const invocations = containers.flatMap((c) => measuredInvocations(c.phases));
  if (invocations.length === 0) {
    throw new UserError('no invocation ran to its end, so there is nothing to price', 'Trace the function again with functracer invoke');
  }
  const pricing: InvocationPricing = {
    requests: settings.requests,
    coldShare: settings.coldSharePct / 100,
    asOf: settings.asOf,
    packageType: settings.packageType,
    freeTier: settings.freeTier,
    ...(settings.allocatedMb !== undefined ? { allocatedMb: settings.allocatedMb } : {}),
    ...(settings.clampMemory ? { clampMemory: true } : {}),
  };
  const entries = compareInvocationCosts(providers.models, { memorySizeMb, invocations }, pricing);
  return {
    requests: settings.requests,
    coldSharePct: settings.coldSharePct,
    asOf: settings.asOf,
    packageType: settings.packageType,
    freeTier: settings.freeTier,
    memorySizeMb,
    invocations: invocations.length,
    cold: invocations.filter((i) => i.cold).length,
    initBounded: containers.some((c) => c.phases[0]?.durationAtMostMs !== undefined),
    providers: providers.problem ? [...entries, { provider: 'user providers', error: providers.problem.message }] : entries,
  };
}

/**
 * The prices of a session as `invoke` ends it, each container priced on its own phases; null where no invocation
 * ran to its end (an init that failed, a stop before the first answer): the report says why already.
 */
export function priceInvokeSession(
  session: { memorySizeMb: number; runs: readonly { phases?: readonly PhaseFigures[] | undefined }[] },
  settings: InvocationPriceSettings,
  providers?: ProviderSet,
): InvocationPrices | null {
  const containers = session.runs.map((run) => ({ memorySizeMb: session.memorySizeMb, phases: run.phases ?? [] }));
  if (!containers.some((c) => measuredInvocations(c.phases).length > 0)) return null;
  return priceInvokedFunction(containers, settings, providers);
}
