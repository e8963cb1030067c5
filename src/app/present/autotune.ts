import { grouped } from '../../core/units.js';
import { firstThatFits } from '../../report/fit.js';
import { priceAutotuned, summarizeAutotune } from '../../ops/price.js';
import type { AllocationStep } from '../../core/hull.js';
import type { RunResult } from '../../tracer/tracer.js';
import { costSettingsOf } from '../pricing.js';
import type { Settings } from '../settings.js';

// Both sides of a comparison with the same decimals.
const money = (n: number, digits: number) => `$${grouped(n, digits)}`;

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
  const lines: string[] = [];
  if (result.autotune) {
    const s = summarizeAutotune(result, result.autotune);
    const outcome = s.survived ? 'survived' : 'OOM-killed: train on larger inputs or add a buffer';
    const late = grouped(s.latenessMs.mean, 1);
    const forms = [
      `${outcome} · ${s.changes} limit changes (${s.held} held, ${s.refused} refused) · ${late} ms late on average`,
      `${outcome} · ${s.changes} changes, ${late} ms late`,
      outcome,
    ];
    // The outcome is what the test answers; the figures give way first.
    lines.push(firstThatFits(forms, width));
  }
  const dynamic = priceAutotuned(result, schedule, costSettingsOf(settings));
  const chosen = dynamic.find((d) => d.provider === settings.provider) ?? dynamic[0];
  if (!chosen) return [...lines, 'no provider that bills an allocation could price this run'];
  const digits = Math.max(chosen.dynamicCost, chosen.staticCost) >= 1000 ? 2 : 4;
  const saving = `${chosen.provider}: saved ${grouped(chosen.savedPct, 1)} % · dynamic ${money(chosen.dynamicCost, digits)} vs static ${money(chosen.staticCost, digits)}`;
  const gbSeconds = ` · ${grouped(chosen.dynamicGbSeconds, 3)} vs ${grouped(chosen.staticGbSeconds, 3)} GB-s`;
  // The GB-seconds go first when the line is too long: the saving and the two costs are what the test answers.
  lines.push(saving.length + gbSeconds.length <= width ? saving + gbSeconds : saving);
  return lines;
}
