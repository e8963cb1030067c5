import { priceResult, type CostEntry, type CostSettings } from '../ops/price-result.js';
import { loadProviderSet } from '../ops/providers.js';
import type { ProviderModel } from '../core/cost/schema.js';
import { today } from '../core/cost/init-billing.js';
import {
  DEFAULT_COLD_SHARE_PCT,
  priceInvokedFunction,
  type InvocationPrices,
  type InvocationPriceSettings,
  type InvokedContainer,
} from '../ops/invocation-prices.js';
import { screenError, type ScreenError } from './screen-error.js';
import type { BillingFacts } from './present/billing.js';
import type { Settings } from './settings.js';
import type { SessionSnapshot } from './trace-session.js';

/** The TUI's settings as pricing takes them, with the memory the run was given. */
export function costSettingsOf(settings: Pick<Settings, 'requestsPerMonth' | 'freeTier'>, allocatedBytes?: number): CostSettings {
  return { requests: settings.requestsPerMonth, freeTier: settings.freeTier, ...(allocatedBytes ? { allocatedBytes } : {}) };
}

/** How long the run in a snapshot lasted: Docker's own figure once it ended, the last sample's time until then. */
export function snapshotDurationMs(snapshot: SessionSnapshot): number {
  return snapshot.result?.durationMs ?? snapshot.durationMs ?? snapshot.trace.lastTime ?? 0;
}

/** The kernel's peak once the run ended, the highest sample until then. */
export function snapshotPeakBytes(snapshot: SessionSnapshot): number {
  return snapshot.result?.peakBytes ?? snapshot.trace.peakBytes;
}

/** Every provider's price for the run so far, cheapest first, as `functracer run` and `cost --trace` price it, with the user's settings. */
export function priceSnapshot(snapshot: SessionSnapshot, settings: Pick<Settings, 'requestsPerMonth' | 'freeTier'>): CostEntry[] {
  const run = snapshot.result ??
    snapshot.recorded ?? {
      durationMs: snapshotDurationMs(snapshot),
      peakBytes: snapshotPeakBytes(snapshot),
      trace: snapshot.trace,
    };
  return priceResult(run, costSettingsOf(settings, snapshot.allocatedBytes));
}

/** An invoked function's trace priced per invocation, or why it cannot be (no invocation ran to its end). */
export type InvokedPricing = { prices: InvocationPrices } | { error: ScreenError };

/**
 * The containers of an invoked function, as its ended session or its run record (`…-run.json`'s `lambda`) keeps
 * them: what its invocations are priced on. Undefined for the trace of one run.
 */
function invokedContainers(snapshot: SessionSnapshot): InvokedContainer[] | undefined {
  const session = snapshot.lambda?.result;
  if (session) return session.runs.map((run) => ({ memorySizeMb: session.memorySizeMb, phases: run.phases ?? [] }));
  const recorded = snapshot.record?.lambda;
  return recorded ? [recorded] : undefined;
}

/**
 * `cost --trace`'s pricing with the TUI's settings: its requests and free tier; the cold share, the date and the
 * package type as `invoke` and `cost --trace` take them when not told (the settings have no field for them).
 */
function invocationSettingsOf(settings: Pick<Settings, 'requestsPerMonth' | 'freeTier'>): InvocationPriceSettings {
  return {
    requests: settings.requestsPerMonth,
    freeTier: settings.freeTier,
    coldSharePct: DEFAULT_COLD_SHARE_PCT,
    asOf: today(),
    packageType: 'image',
  };
}

/** An invoked function's invocations priced on every provider as `cost --trace` prices them; undefined for one run. */
export function priceInvocations(
  snapshot: SessionSnapshot,
  settings: Pick<Settings, 'requestsPerMonth' | 'freeTier'>,
): InvokedPricing | undefined {
  const containers = invokedContainers(snapshot);
  if (!containers) return undefined;
  try {
    return { prices: priceInvokedFunction(containers, invocationSettingsOf(settings)) };
  } catch (error) {
    return { error: screenError(error) };
  }
}

/** The provider ids the settings can choose from: the built-ins and the user's own files. */
export function knownProviders(): string[] {
  return loadProviderSet()
    .known.map((p) => p.model.id)
    .sort();
}

/** Every provider's model, the chosen one first: what the Tune screen offers. */
export function providerModels(first: string): ProviderModel[] {
  const models = [...loadProviderSet().models].sort((a, b) => a.id.localeCompare(b.id));
  return [...models.filter((m) => m.id === first), ...models.filter((m) => m.id !== first)];
}

/** The chosen provider's billing for the canvas, or the cheapest provider that can host the run. */
export function billingFor(entries: CostEntry[], provider: string, durationMs: number): BillingFacts | undefined {
  const priced = entries.filter((e): e is Extract<CostEntry, { usedMb: number }> => !('error' in e));
  const entry = priced.find((e) => e.provider === provider) ?? priced[0];
  if (!entry) return undefined;
  return { provider: entry.provider, durationMs, billedMs: entry.billedDurationMs, usedMb: entry.usedMb, allocatedMb: entry.allocatedMb };
}
