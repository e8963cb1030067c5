import type { AutotuneReport } from '../tracer/autotuner.js';
import type { RunResult } from '../tracer/tracer.js';

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

export function formatAutotune(summary: AutotuneSummary): string {
  const row = (label: string, value: string) => `${label.padEnd(34)}${value}`;
  return [
    '',
    'Autotuning',
    row('  Outcome', summary.survived ? 'survived' : 'killed: out of memory (the hull was too small for this input)'),
    row('  Limit changes', `${summary.changes} (${summary.raised} raised for current usage, ${summary.refused} refused)`),
    row('  Sent ahead by', `${summary.leadMs.toFixed(1)} ms (measured update latency)`),
    row('  Lateness, mean / max', `${summary.latenessMs.mean.toFixed(1)} / ${summary.latenessMs.max.toFixed(1)} ms`),
  ].join('\n');
}
