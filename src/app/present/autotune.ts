import { priceAutotuned, summarizeAutotune } from '../../ops/price.js';
import type { AllocationStep } from '../../core/hull.js';
import type { RunResult } from '../../tracer/tracer.js';
import { costSettingsOf } from '../pricing.js';
import type { Settings } from '../settings.js';

const money = (n: number) => `$${n.toFixed(n < 10 ? 4 : 2)}`;

/**
 * What the autotuned test run proved, in two lines: whether the function
 * survived its schedule, and what paying for the schedule saves against the
 * static tier for the peak, on the chosen provider (or the first that bills an allocation).
 */
export function autotuneLines(
  result: RunResult,
  schedule: AllocationStep[],
  settings: Pick<Settings, 'provider' | 'requestsPerMonth' | 'freeTier'>,
): string[] {
  const lines: string[] = [];
  if (result.autotune) {
    const s = summarizeAutotune(result, result.autotune);
    const outcome = s.survived ? 'survived' : 'killed: out of memory (train on larger inputs, or add a buffer)';
    lines.push(`${outcome} · ${s.changes} limit changes (${s.refused} refused) · ${s.latenessMs.mean.toFixed(1)} ms late on average`);
  }
  const dynamic = priceAutotuned(result, schedule, costSettingsOf(settings));
  const chosen = dynamic.find((d) => d.provider === settings.provider) ?? dynamic[0];
  if (!chosen) return [...lines, 'no provider that bills an allocation could price this run'];
  lines.push(
    `${chosen.provider}: saved ${chosen.savedPct.toFixed(1)} % · dynamic ${money(chosen.dynamicCost)} vs static ${money(chosen.staticCost)}` +
      ` · ${chosen.dynamicGbSeconds.toFixed(3)} vs ${chosen.staticGbSeconds.toFixed(3)} GB-s`,
  );
  return lines;
}
