import { datRowOf, multiStats, type MultiStats } from '../commands/multi-report.js';
import type { DatRow } from '../core/dat.js';
import type { RunResult } from '../tracer/tracer.js';
import { priceRun, type CostEntry } from './pricing.js';
import type { Settings } from './settings.js';
import { screenError, type ScreenError } from './trace-session.js';

export type { DatRow, MultiStats };

export interface MultiTable {
  /** The .dat rows, one per run; empty when the provider cannot price the runs. */
  rows: DatRow[];
  /** Every provider's price of each run, for the picture's billing canvas. */
  costs: CostEntry[][];
  stats?: MultiStats;
  error?: ScreenError;
}

/**
 * The runs as `functracer multi` tabulates them, priced on the settings'
 * provider. The screen and the .dat file both come from here, so they agree.
 */
export function multiTable(
  results: readonly RunResult[],
  settings: Pick<Settings, 'provider' | 'requestsPerMonth' | 'freeTier'>,
  allocatedBytes?: number,
): MultiTable {
  const costs = results.map((result) => priceRun(result, settings, allocatedBytes));
  try {
    const rows = results.map((result, i) => datRowOf(result, costs[i]!, settings.provider));
    return { rows, costs, ...(rows.length > 0 ? { stats: multiStats([...results], rows) } : {}) };
  } catch (error) {
    const { message, bug } = screenError(error);
    return {
      rows: [],
      costs,
      error: { message: message.replace(/^--provider /, 'provider '), hint: 'change the provider in the cost settings', bug },
    };
  }
}
