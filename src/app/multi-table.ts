import { multiTable, type MultiTable } from '../ops/multi.js';
import type { RunResult } from '../tracer/tracer.js';
import { costSettingsOf } from './screen-pricing.js';
import type { Settings } from './settings.js';
import { screenError, type ScreenError } from './screen-error.js';

/** The multi table as a screen holds it: a provider that cannot price the runs is a notice, not a thrown error. */
export type ScreenMultiTable = Omit<MultiTable, 'error'> & { error?: ScreenError };

/** The runs as `functracer multi` tabulates them, priced with the settings; a provider that cannot price them is a screen notice. */
export function screenMultiTable(
  results: readonly RunResult[],
  settings: Pick<Settings, 'provider' | 'requestsPerMonth' | 'freeTier'>,
  allocatedBytes?: number,
): ScreenMultiTable {
  const { error, ...table } = multiTable(results, costSettingsOf(settings, allocatedBytes), settings.provider);
  return { ...table, ...(error ? { error: { ...screenError(error), hint: 'change the provider in the cost settings' } } : {}) };
}
