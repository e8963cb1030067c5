import { priceResult, type CostEntry, type PricedRun } from '../commands/run-report.js';
import { loadProviders } from '../infra/provider-files.js';
import type { ProviderModel } from '../core/cost/schema.js';
import { isUserError } from '../core/errors.js';
import type { BillingFacts } from './present/billing.js';
import type { Settings } from './settings.js';
import type { SessionSnapshot } from './trace-session.js';

export type { CostEntry };

/** How long the run in a snapshot lasted: Docker's own figure once it ended, the last sample's time until then. */
export function snapshotDurationMs(snapshot: SessionSnapshot): number {
  return snapshot.result?.durationMs ?? snapshot.durationMs ?? snapshot.trace.lastTime ?? 0;
}

/** The kernel's peak once the run ended, the highest sample until then. */
export function snapshotPeakBytes(snapshot: SessionSnapshot): number {
  return snapshot.result?.peakBytes ?? snapshot.trace.peakBytes;
}

let models: readonly ProviderModel[] | null | undefined;

/**
 * The providers, read once: a screen prices 20 times a second and the user's
 * provider files do not change under it. A broken file is left for
 * priceResult to report in the table.
 */
function providerModels(): readonly ProviderModel[] | undefined {
  if (models === undefined) {
    try {
      models = loadProviders().map((p) => p.model);
    } catch (error) {
      if (!isUserError(error)) throw error;
      models = null;
    }
  }
  return models ?? undefined;
}

/** Every provider's price for the run so far, cheapest first, with the user's requests and free tier. */
export function priceSnapshot(snapshot: SessionSnapshot, settings: Pick<Settings, 'requestsPerMonth' | 'freeTier'>): CostEntry[] {
  const run: PricedRun = snapshot.result ?? {
    durationMs: snapshotDurationMs(snapshot),
    peakBytes: snapshotPeakBytes(snapshot),
    trace: snapshot.trace,
  };
  return priceRun(run, settings, snapshot.allocatedBytes);
}

/** One run on every provider, as `functracer run` prices it, with the user's settings. */
export function priceRun(run: PricedRun, settings: Pick<Settings, 'requestsPerMonth' | 'freeTier'>, allocatedBytes?: number): CostEntry[] {
  const cost = { requests: settings.requestsPerMonth, freeTier: settings.freeTier, ...(allocatedBytes ? { allocatedBytes } : {}) };
  return priceResult(run, cost, providerModels());
}

/** The provider ids pricing knows, asked of it directly so new providers appear without a change here. */
export function knownProviders(): string[] {
  return priceResult({ durationMs: 1, peakBytes: 1 }, { requests: 1, freeTier: false }, providerModels())
    .map((entry) => entry.provider)
    .sort();
}

/** The chosen provider first, so the report's first screen is about the provider the user picked. */
export function chosenFirst(entries: CostEntry[], provider: string): CostEntry[] {
  return [...entries.filter((e) => e.provider === provider), ...entries.filter((e) => e.provider !== provider)];
}

/** The chosen provider's billing for the canvas, or the cheapest provider that can host the run. */
export function billingFor(entries: CostEntry[], provider: string, durationMs: number): BillingFacts | undefined {
  const priced = entries.filter((e): e is Extract<CostEntry, { usedMb: number }> => !('error' in e));
  const entry = priced.find((e) => e.provider === provider) ?? priced[0];
  if (!entry) return undefined;
  return { provider: entry.provider, durationMs, billedMs: entry.billedDurationMs, usedMb: entry.usedMb, allocatedMb: entry.allocatedMb };
}
