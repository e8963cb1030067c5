import type { AutotuneReport } from '../tracer/autotuner.js';
import type { RunResult } from '../tracer/tracer.js';

/** What the autotuner did to a run's limit, and whether the run survived it. */
export interface AutotuneSummary {
  survived: boolean;
  changes: number;
  raised: number;
  /** Lowerings kept higher because a raise followed within the hold. */
  held: number;
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
    held: report.updates.filter((u) => u.outcome === 'held').length,
    refused: report.updates.filter((u) => u.outcome === 'refused').length,
    leadMs: report.leadMs,
    latenessMs: {
      max: lateness.length ? Math.max(...lateness) : 0,
      mean: lateness.length ? lateness.reduce((a, b) => a + b, 0) / lateness.length : 0,
    },
  };
}
