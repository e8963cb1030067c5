import type { CostEntry } from '../../ops/price.js';
import { formatRunReport } from '../../ops/run-report.js';
import type { SessionSnapshot } from '../trace-session.js';
import { count, mb, seconds } from './format.js';

/**
 * The report under the chart once the run ends: `functracer run`'s own text,
 * line by line, so the screen and the CLI never disagree. A recorded trace has
 * no container to report on, so it gets the facts its CSV holds.
 */
export function reportLines(snapshot: SessionSnapshot, cost: CostEntry[], width: number): string[] {
  if (snapshot.result) return formatRunReport(snapshot.result, cost, { width }).split('\n');
  if (snapshot.phase !== 'recorded') return [];
  const duration = snapshot.durationMs ?? 0;
  return [
    `${'Raw trace'.padEnd(34)}${snapshot.rawCsv ?? snapshot.title}`,
    `${'Max memory usage'.padEnd(34)}${snapshot.trace.peakBytes} bytes (${mb(snapshot.trace.peakBytes)}, sampled)`,
    `${'Duration'.padEnd(34)}${duration.toFixed(3)} ms (${seconds(duration)})`,
    `${'Samples'.padEnd(34)}${count(snapshot.samples)} at ${snapshot.trace.samplesPerSecond.toFixed(0)}/s`,
    '',
    'Open the cost screen (c) to compare providers for this trace.',
  ];
}
