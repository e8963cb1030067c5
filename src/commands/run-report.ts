import { compareProviders, type CostEntry } from '../core/cost/compare.js';
import { PROVIDERS, type ProviderModel } from '../core/cost/providers.js';
import { isUserError } from '../core/errors.js';
import type { Trace } from '../core/trace.js';
import { MIB } from '../core/units.js';
import type { RunResult } from '../tracer/tracer.js';
import { formatCostLines } from './cost-format.js';
import { loadProviders } from '../infra/provider-files.js';

export type { CostEntry } from '../core/cost/compare.js';

export interface CostSettings {
  requests: number;
  freeTier: boolean;
  /** The memory the function is given; from --memory, as the original testbed emulated larger allocations. */
  allocatedBytes?: number;
}

/** What pricing needs of a run; the trace gives the average memory, cpuMs prices CPU-time billing. */
export type PricedRun = Pick<RunResult, 'durationMs' | 'peakBytes'> & { trace?: Trace; cpuMs?: number | null };

/**
 * Prices a run on every known provider, cheapest first; one that cannot host it says why.
 * A broken user provider file must not cost the user a finished run's report, so it becomes an entry too.
 */
export function priceResult(result: PricedRun, settings: CostSettings, providers?: readonly ProviderModel[]): CostEntry[] {
  let models = providers;
  const problems: CostEntry[] = [];
  if (!models) {
    try {
      models = loadProviders().map((p) => p.model);
    } catch (error) {
      if (!isUserError(error)) throw error;
      models = PROVIDERS;
      problems.push({ provider: 'user providers', error: error.message });
    }
  }
  const entries = compareProviders(models, {
    durationMs: result.durationMs,
    peakBytes: result.peakBytes,
    ...(result.trace && result.trace.length > 0 ? { averageBytes: result.trace.timeWeightedMeanBytes(result.durationMs) } : {}),
    cpuMs: result.cpuMs ?? null,
    requests: settings.requests,
    freeTier: settings.freeTier,
    ...(settings.allocatedBytes ? { allocatedMb: Math.ceil(settings.allocatedBytes / MIB) } : {}),
  });
  return [...entries, ...problems];
}

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
