import { priceRun, type CostReport } from '../core/cost/pricing.js';
import { PROVIDERS } from '../core/cost/providers.js';
import { isUserError } from '../core/errors.js';
import { MIB } from '../core/units.js';
import type { RunResult } from '../tracer/tracer.js';

export interface CostSettings {
  requests: number;
  freeTier: boolean;
  /** The memory the function is given; from --memory, as the original testbed emulated larger allocations. */
  allocatedBytes?: number;
}

export type CostEntry = CostReport | { provider: string; error: string };

/** Prices a run on every known provider; one that cannot host it says why instead of failing the report. */
export function priceResult(result: Pick<RunResult, 'durationMs' | 'peakBytes'>, settings: CostSettings): CostEntry[] {
  return PROVIDERS.map((provider) => {
    try {
      return priceRun(provider, {
        durationMs: result.durationMs,
        peakBytes: result.peakBytes,
        requests: settings.requests,
        freeTier: settings.freeTier,
        ...(settings.allocatedBytes ? { allocatedMb: Math.ceil(settings.allocatedBytes / MIB) } : {}),
      });
    } catch (error) {
      if (!isUserError(error)) throw error;
      return { provider: provider.id, error: error.message };
    }
  });
}

/** The object `run --json` prints: the run without its in-memory trace, plus its prices. */
export function runJson(result: RunResult, cost: CostEntry[]): Record<string, unknown> {
  const { trace: _trace, ...rest } = result;
  return { ...rest, cost };
}

const money = (n: number) => `$${n.toFixed(2)}`;
const pct = (n: number) => `${n >= 0 ? '+' : ''}${n.toFixed(2)} %`;
const row = (label: string, value: string) => `${label.padEnd(34)}${value}`;

/** The report the original testbed printed, one fact a line, with the sampler named. */
export function formatRunReport(result: RunResult, cost: CostEntry[]): string {
  const lines = [
    row('Container', `${result.container} (removed)`),
    row('Image', result.image),
    row('Exit code', `${result.exitCode}${result.oomKilled ? ' (killed: out of memory)' : ''}${result.interrupted ? ' (interrupted)' : ''}`),
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
    lines.push('', `${entry.provider}, ${'requests' in entry ? `${entry.requests.toLocaleString('en-US')} requests` : ''}`);
    if ('error' in entry) {
      lines.push(`  cannot host this run: ${entry.error}`);
      continue;
    }
    lines.push(
      row('  Memory used / allocated', `${entry.usedMb} MB / ${entry.allocatedMb} MB`),
      row('  Billed duration', `${entry.billedDurationMs} ms`),
      row('  Total cost', money(entry.totalCost)),
      row('  Net / overhead cost', `${money(entry.netCost)} / ${money(entry.overheadCost)}`),
      row('  Price increase, unused memory', pct(entry.wastedMemoryPct)),
      row('  Price increase, unused time', pct(entry.wastedTimePct)),
      row('  Wasted time', `${entry.wastedMs.toFixed(3)} ms`),
      row('  Wasted memory', `${entry.wastedMb} MB`),
    );
  }
  return lines.join('\n');
}
