import { priceAutotuned } from '../../ops/price-result.js';
import { summarizeAutotune } from '../../ops/autotune-summary.js';
import type { AllocationStep } from '../../core/hull.js';
import { autotuneTestLines } from '../../report/autotune-report.js';
import type { RunResult } from '../../tracer/tracer.js';
import { costSettingsOf } from '../screen-pricing.js';
import type { Settings } from '../settings.js';

/**
 * What the autotuned test run proved, in two lines: whether the function
 * survived its schedule, and what paying for the schedule saves against the
 * static tier for the peak, on the chosen provider (or the first that bills an allocation).
 */
export function autotuneLines(
  result: RunResult,
  schedule: AllocationStep[],
  settings: Pick<Settings, 'provider' | 'requestsPerMonth' | 'freeTier'>,
  width = 80,
): string[] {
  const summary = result.autotune ? summarizeAutotune(result, result.autotune) : undefined;
  const dynamic = priceAutotuned(result, schedule, costSettingsOf(settings));
  const chosen = dynamic.find((d) => d.provider === settings.provider) ?? dynamic[0];
  return autotuneTestLines(summary, chosen, width);
}
