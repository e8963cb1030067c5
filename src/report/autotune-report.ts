import type { DynamicCost } from '../core/cost/dynamic.js';
import { hangingWrap } from '../core/text-width.js';
import { grouped } from '../core/units.js';
import type { AutotuneSummary } from '../ops/price.js';

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
