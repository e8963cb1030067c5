import type { CostEntry } from './price.js';
import type { RunResult } from '../tracer/tracer.js';
import { formatCostLines } from './cost-format.js';

/** The object `run --json` prints: the run without its in-memory trace, plus its prices. */
export function runJson(result: RunResult, cost: CostEntry[]): Record<string, unknown> {
  const { trace: _trace, ...rest } = result;
  return { ...rest, cost };
}

const row = (label: string, value: string) => `${label.padEnd(34)}${value}`;

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
