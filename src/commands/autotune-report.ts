import { priceDynamic, type DynamicCost } from '../core/cost/dynamic.js';
import { PROVIDERS, type ProviderModel } from '../core/cost/providers.js';
import { isUserError } from '../core/errors.js';
import type { AllocationStep } from '../core/hull.js';
import type { AutotuneReport } from '../tracer/autotuner.js';
import type { RunResult } from '../tracer/tracer.js';
import { loadProviders } from '../infra/provider-files.js';

export interface AutotuneSummary {
  survived: boolean;
  changes: number;
  raised: number;
  refused: number;
  leadMs: number;
  /** How late changes landed against their bucket's start, ms (negative: early). */
  latenessMs: { max: number; mean: number };
}

export function summarizeAutotune(result: RunResult, report: AutotuneReport): AutotuneSummary {
  const lateness = report.updates.map((u) => u.appliedMs - u.targetMs);
  return {
    survived: !result.oomKilled,
    changes: report.updates.length,
    raised: report.updates.filter((u) => u.outcome === 'raised').length,
    refused: report.updates.filter((u) => u.outcome === 'refused').length,
    leadMs: report.leadMs,
    latenessMs: {
      max: lateness.length ? Math.max(...lateness) : 0,
      mean: lateness.length ? lateness.reduce((a, b) => a + b, 0) / lateness.length : 0,
    },
  };
}

/**
 * What the schedule would have cost on every provider that bills an allocation, against the static peak tier.
 * Pass the providers the rest of the report is priced on (see `reportProviders`). A provider that cannot price
 * the run (a UserError, such as a size it does not offer) is left out; anything else is a bug and propagates.
 */
export function priceAutotuned(
  result: Pick<RunResult, 'trace' | 'durationMs'>,
  schedule: AllocationStep[],
  requests: number,
  freeTier: boolean,
  providers: readonly ProviderModel[] = PROVIDERS,
): DynamicCost[] {
  return providers
    .filter((p) => p.model === 'allocated-memory' || p.model === 'memory-and-cpu')
    .flatMap((provider) => {
      try {
        return [priceDynamic(provider, result.trace, schedule, { durationMs: result.durationMs, requests, freeTier, clampMemory: true })];
      } catch (error) {
        if (isUserError(error)) return [];
        throw error;
      }
    });
}

/**
 * The providers a run's report prices on: the built-ins and the user's files. A broken user file
 * falls back to the built-ins, as `priceResult` does, which reports the problem as an entry of its own.
 */
export function reportProviders(): readonly ProviderModel[] {
  try {
    return loadProviders().map((p) => p.model);
  } catch (error) {
    if (isUserError(error)) return PROVIDERS;
    throw error;
  }
}

/** Dynamic against static, a provider a row: GB-s and $ for the priced requests, and the saving. */
export function formatDynamicTable(dynamic: DynamicCost[]): string[] {
  if (dynamic.length === 0) return [];
  const money = (n: number) => `$${n.toFixed(2)}`;
  return [
    `Dynamic vs static allocation, ${dynamic[0]!.requests.toLocaleString('en-US')} requests`,
    `  ${'provider'.padEnd(22)}${'GB-s dynamic'.padStart(14)}${'GB-s static'.padStart(13)}${'dynamic'.padStart(10)}${'static'.padStart(10)}${'saved'.padStart(9)}`,
    ...dynamic.map(
      (d) =>
        `  ${d.provider.padEnd(22)}${d.dynamicGbSeconds.toFixed(4).padStart(14)}${d.staticGbSeconds.toFixed(4).padStart(13)}` +
        `${money(d.dynamicCost).padStart(10)}${money(d.staticCost).padStart(10)}${`${d.savedPct.toFixed(1)} %`.padStart(9)}`,
    ),
  ];
}

export function formatAutotune(summary: AutotuneSummary, dynamic: DynamicCost[] = []): string {
  const row = (label: string, value: string) => `${label.padEnd(34)}${value}`;
  const pricing = dynamic.length === 0 ? [] : ['', ...formatDynamicTable(dynamic)];
  return [
    '',
    'Autotuning',
    row('  Outcome', summary.survived ? 'survived' : 'killed: out of memory (the hull was too small for this input)'),
    row('  Limit changes', `${summary.changes} (${summary.raised} raised for current usage, ${summary.refused} refused)`),
    row('  Sent ahead by', `${summary.leadMs.toFixed(1)} ms (measured update latency)`),
    row('  Lateness, mean / max', `${summary.latenessMs.mean.toFixed(1)} / ${summary.latenessMs.max.toFixed(1)} ms`),
    ...pricing,
  ].join('\n');
}
