import type { CostEntry } from './price.js';
import type { RunResult } from '../tracer/tracer.js';
import { formatCostLines } from './cost-format.js';

/** The object `run --json` prints: the run without its in-memory trace, plus its prices. */
export function runJson(result: RunResult, cost: CostEntry[]): Record<string, unknown> {
  const { trace: _trace, ...rest } = result;
  return { ...rest, cost };
}

const row = (label: string, value: string) => `${label.padEnd(34)}${value}`;

/**
 * Said when a run has under half the samples its interval promises: the
 * machine was too busy for the sampler, and short spikes may be merged into
 * fewer, longer windows (the peak still stands, as each sample is a window's mark).
 */
export function sampleShortfall(result: Pick<RunResult, 'samples' | 'samplesExpected'>): string | undefined {
  const expected = result.samplesExpected;
  if (expected === null || expected < 20 || result.samples >= expected / 2) return undefined;
  return `fewer than the ~${expected.toLocaleString('en-US')} expected: the host was busy`;
}

/** The report the original testbed printed, one fact a line, with the sampler named. */
export function formatRunReport(result: RunResult, cost: CostEntry[]): string {
  const lines = [
    row('Container', `${result.container} (removed)`),
    row('Image', result.image),
    row(
      'Exit code',
      `${result.exitCode}${result.oomKilled ? ' (killed: out of memory)' : ''}${result.interrupted ? ' (interrupted)' : ''}`,
    ),
    row('Max memory usage', `${result.peakBytes} bytes (${result.peakSource === 'kernel' ? "kernel's high-water mark" : 'sampled'})`),
    row('Container runtime', `${result.durationMs.toFixed(3)} ms`),
    row(
      'Samples',
      `${result.samples} at ${result.samplesPerSecond.toFixed(0)}/s (${result.sampler} sampler` +
        (result.firstSampleLatencyMs === null ? ')' : `, first ${result.firstSampleLatencyMs.toFixed(1)} ms after start)`),
    ),
  ];
  const shortfall = sampleShortfall(result);
  if (shortfall) lines.push(row('', shortfall));
  if (result.rawCsv) lines.push(row('Raw trace', result.rawCsv));
  for (const entry of cost) {
    lines.push('', 'requests' in entry ? `${entry.provider}, ${entry.requests.toLocaleString('en-US')} requests` : entry.provider);
    if ('error' in entry) {
      lines.push(`  cannot host this run: ${entry.error}`);
      continue;
    }
    lines.push(...formatCostLines(entry));
  }
  return lines.join('\n');
}
