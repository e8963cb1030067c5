import type { CostEntry } from '../../ops/price-result.js';
import { formatRecordedRun } from '../../report/recorded-run-report.js';
import { formatRunReport } from '../../report/run-report.js';
import type { SessionSnapshot } from '../trace-session.js';

/**
 * The report under the chart once the run ends: `functracer run`'s own text,
 * line by line, so the screen and the CLI never disagree. A recorded trace has
 * no container to report on, so it gets the facts its CSV and its run record hold.
 */
export function reportLines(snapshot: SessionSnapshot, cost: CostEntry[], width: number): string[] {
  if (snapshot.result) return formatRunReport(snapshot.result, cost, { width }).split('\n');
  if (snapshot.phase !== 'recorded') return [];
  const facts = {
    file: snapshot.rawCsv ?? snapshot.title,
    ...(snapshot.outputFile ? { outputFile: snapshot.outputFile } : {}),
    ...(snapshot.record ? { record: snapshot.record } : {}),
    durationMs: snapshot.durationMs ?? 0,
    samples: snapshot.samples,
    samplesPerSecond: snapshot.trace.samplesPerSecond,
    sampledPeakBytes: snapshot.trace.peakBytes,
    notes: snapshot.notes ?? [],
  };
  return [...formatRecordedRun(facts, width), '', 'Open the cost screen (c) to compare providers for this trace.'];
}
