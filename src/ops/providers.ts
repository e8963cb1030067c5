import { mergeProviders, type KnownProvider } from '../core/cost/providers.js';
import type { ProviderModel } from '../core/cost/schema.js';
import { isUserError, type UserError } from '../core/errors.js';
import { loadProviders, providersDir } from '../infra/provider-files.js';

/** The providers a run is priced on. */
export interface ProviderSet {
  known: readonly KnownProvider[];
  models: readonly ProviderModel[];
  /** Why the user's own provider files were left out: the built-ins alone are then in `known`. */
  problem?: UserError;
}

const loaded = new Map<string, ProviderSet>();

/**
 * The built-in providers and the user's files, read once per process and folder:
 * a screen prices twenty times a second, and the files do not change under it.
 * A broken user file is a value here, so a finished run still gets its report.
 */
export function loadProviderSet(dir: string = providersDir()): ProviderSet {
  const cached = loaded.get(dir);
  if (cached) return cached;
  let set: ProviderSet;
  try {
    const known = loadProviders(dir);
    set = { known, models: known.map((p) => p.model) };
  } catch (error) {
    if (!isUserError(error)) throw error;
    const known = mergeProviders([]);
    set = { known, models: known.map((p) => p.model), problem: error };
  }
  loaded.set(dir, set);
  return set;
}

/** The same set for commands that price nothing else: there a broken user file stops the command with its own line. */
export function requireProviderSet(dir?: string): ProviderSet {
  const set = loadProviderSet(dir);
  if (set.problem) throw set.problem;
  return set;
}
