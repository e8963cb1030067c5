import { defaultSizes } from '../../../core/cost/cpu.js';
import type { ProviderModel } from '../../../core/cost/schema.js';
import { UserError } from '../../../core/errors.js';
import { parseNumber, RANGES } from '../../../core/number-input.js';
import { TUNE_DEFAULTS, tuneSizes } from '../../../ops/tune.js';
import type { FieldRule } from '../../text-edit.js';
import type { TuneScreenRequest } from '../../tune-session.js';

/** The Tune screen's form as typed. */
export interface TuneForm {
  provider: string;
  sizes: string;
  runs: string;
}

export type TuneField = keyof TuneForm;
export const TUNE_FIELDS: readonly TuneField[] = ['provider', 'sizes', 'runs'];

function modelOf(models: readonly ProviderModel[], id: string): ProviderModel {
  const model = models.find((m) => m.id === id);
  if (!model) throw new UserError(`no provider ${id}`, 'Choose one with Enter on Provider');
  return model;
}

/** The provider's own spread of sizes, and `functracer tune`'s runs. */
export function defaultTuneForm(provider: ProviderModel): TuneForm {
  return { provider: provider.id, sizes: defaultSizes(provider).join(','), runs: String(TUNE_DEFAULTS.runs) };
}

/** The next provider in the list, with its own sizes: another provider's sizes may not be offered by this one. */
export function nextProvider(form: TuneForm, models: readonly ProviderModel[], step: 1 | -1): TuneForm {
  const at = models.findIndex((m) => m.id === form.provider);
  const next = models[(at + step + models.length) % models.length]!;
  return { ...defaultTuneForm(next), runs: form.runs };
}

/** The range `functracer tune --runs` takes. */
function runsOf(text: string): number {
  try {
    return parseNumber(text, 'runs', RANGES.runs);
  } catch {
    throw new UserError(`runs got ${JSON.stringify(text)}`, 'Give a whole number of runs, up to 10,000, such as 5');
  }
}

/** What can be typed into a field, checked as `functracer tune` checks its flags. */
export function tuneFieldRule(field: Exclude<TuneField, 'provider'>, form: TuneForm, models: readonly ProviderModel[]): FieldRule {
  if (field === 'runs') return { chars: /[0-9]/, takes: 'a whole number of runs, such as 5', check: (text) => void runsOf(text) };
  return {
    chars: /[0-9, ]/,
    takes: 'sizes in MB, separated by commas',
    check: (text) => void tuneSizes(text, modelOf(models, form.provider), 'sizes'),
  };
}

/** The form as a request, or a UserError naming the field. */
export function tuneRequest(form: TuneForm, models: readonly ProviderModel[]): TuneScreenRequest {
  return { provider: form.provider, sizes: tuneSizes(form.sizes, modelOf(models, form.provider), 'sizes'), runs: runsOf(form.runs) };
}
