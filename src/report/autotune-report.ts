import type { DynamicCost } from '../core/cost/dynamic.js';
import { hangingWrap } from '../core/text-width.js';
import { grouped } from '../core/units.js';
import type { AutotuneSummary } from '../ops/autotune-summary.js';
import { firstThatFits } from './fit.js';

/** Dynamic against static, a provider a row: the GB-s of the one run, $ for the priced requests, and the saving. */
export function formatDynamicTable(dynamic: DynamicCost[]): string[] {
  if (dynamic.length === 0) return [];
  const money = (n: number) => `$${n.toFixed(2)}`;
  return [
    `Dynamic vs static allocation: GB-s of this run, $ for ${dynamic[0]!.requests.toLocaleString('en-US')} requests`,
    `  ${'provider'.padEnd(22)}${'GB-s dynamic'.padStart(14)}${'GB-s static'.padStart(13)}${'dynamic'.padStart(10)}${'static'.padStart(10)}${'saved'.padStart(9)}`,
    ...dynamic.map(
      (d) =>
        `  ${d.provider.padEnd(22)}${d.dynamicGbSeconds.toFixed(4).padStart(14)}${d.staticGbSeconds.toFixed(4).padStart(13)}` +
        `${money(d.dynamicCost).padStart(10)}${money(d.staticCost).padStart(10)}${`${grouped(d.savedPct, 1)} %`.padStart(9)}`,
    ),
  ];
}

export function formatAutotune(summary: AutotuneSummary, dynamic: DynamicCost[] = [], width = 80): string {
  const row = (label: string, value: string) => hangingWrap(label.padEnd(24), value, width).join('\n');
  const pricing = dynamic.length === 0 ? [] : ['', ...formatDynamicTable(dynamic)];
  return [
    '',
    'Autotuning',
    row('  Outcome', summary.survived ? 'survived' : 'killed: out of memory (hull too small for this input)'),
    row(
      '  Limit changes',
      `${summary.changes} (${summary.held} held for a spike, ${summary.raised} raised to usage, ${summary.refused} refused)`,
    ),
    row('  Sent ahead by', `${summary.leadMs.toFixed(1)} ms (measured update latency)`),
    row('  Lateness, mean / max', `${summary.latenessMs.mean.toFixed(1)} / ${summary.latenessMs.max.toFixed(1)} ms`),
    ...pricing,
  ].join('\n');
}

// Both sides of a comparison with the same decimals.
const dollars = (n: number, digits: number) => `$${grouped(n, digits)}`;

/**
 * What an autotuned test run proved, in two lines for a screen: whether the function survived its schedule
 * (when the run has a summary), and what paying for the schedule saves against the static tier for the peak,
 * on `chosen`, the provider the screen prices on.
 */
export function autotuneTestLines(summary: AutotuneSummary | undefined, chosen: DynamicCost | undefined, width = 80): string[] {
  const lines: string[] = [];
  if (summary) {
    const outcome = summary.survived ? 'survived' : 'OOM-killed: train on larger inputs or add a buffer';
    const late = grouped(summary.latenessMs.mean, 1);
    const forms = [
      `${outcome} · ${summary.changes} limit changes (${summary.held} held, ${summary.refused} refused) · ${late} ms late on average`,
      `${outcome} · ${summary.changes} changes, ${late} ms late`,
      outcome,
    ];
    // The outcome is what the test answers; the figures give way first.
    lines.push(firstThatFits(forms, width));
  }
  if (!chosen) return [...lines, 'no provider that bills an allocation could price this run'];
  const digits = Math.max(chosen.dynamicCost, chosen.staticCost) >= 1000 ? 2 : 4;
  const saving = `${chosen.provider}: saved ${grouped(chosen.savedPct, 1)} % · dynamic ${dollars(chosen.dynamicCost, digits)} vs static ${dollars(chosen.staticCost, digits)}`;
  const gbSeconds = ` · ${grouped(chosen.dynamicGbSeconds, 3)} vs ${grouped(chosen.staticGbSeconds, 3)} GB-s`;
  // The GB-seconds go first when the line is too long: the saving and the two costs are what the test answers.
  lines.push(saving.length + gbSeconds.length <= width ? saving + gbSeconds : saving);
  return lines;
}
