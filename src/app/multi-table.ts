import { multiTable as tabulate, type MultiTable as Table } from '../ops/multi.js';
import type { RunResult } from '../tracer/tracer.js';
import { costSettingsOf } from './pricing.js';
import type { Settings } from './settings.js';
import { screenError, type ScreenError } from './screen-error.js';

export type MultiTable = Omit<Table, 'error'> & { error?: ScreenError };

/** The runs as `functracer multi` tabulates them, priced with the settings; a provider that cannot price them is a screen notice. */
export function multiTable(
  results: readonly RunResult[],
  settings: Pick<Settings, 'provider' | 'requestsPerMonth' | 'freeTier'>,
  allocatedBytes?: number,
): MultiTable {
  const { error, ...table } = tabulate(results, costSettingsOf(settings, allocatedBytes), settings.provider);
  return { ...table, ...(error ? { error: { ...screenError(error), hint: 'change the provider in the cost settings' } } : {}) };
}
