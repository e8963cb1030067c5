import fs from 'node:fs';
import path from 'node:path';
import { isUserError, UserError } from '../core/errors.js';
import { readOwnFileSync } from './own-file.js';
import { mergeProviders, type KnownProvider } from '../core/cost/providers.js';
import { parseProviderFile } from '../core/cost/schema.js';
import { configDir } from './config-dir.js';

export { configDir };

/** Where users put their own provider files: `<config>/providers/*.json`. */
export function providersDir(env: NodeJS.ProcessEnv = process.env): string {
  return path.join(configDir(env), 'providers');
}

/** Room for the 20,000 sizes a provider may list, and then some. */
const MAX_PROVIDER_FILE_BYTES = 4 * 1024 * 1024;

/** Reads the user's provider files; no folder means no user providers. */
export function loadUserProviders(dir: string = providersDir()): KnownProvider[] {
  let names: string[];
  try {
    names = fs
      .readdirSync(dir)
      .filter((name) => name.endsWith('.json'))
      .sort();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw new UserError(`cannot read the providers folder ${dir}: ${(error as Error).message}`, 'Check its permissions');
  }
  const seen = new Map<string, string>();
  return names.flatMap((name) => {
    const file = path.join(dir, name);
    let value: unknown;
    try {
      value = JSON.parse(
        readOwnFileSync(file, { what: 'provider file', maxBytes: MAX_PROVIDER_FILE_BYTES, hint: 'Fix or remove the file' }),
      );
    } catch (error) {
      if (isUserError(error)) throw error;
      throw new UserError(`${file} is not a readable JSON file (${(error as Error).message})`, 'Fix or remove the file');
    }
    return parseProviderFile(value, file).map((model) => {
      const other = seen.get(model.id);
      if (other) throw new UserError(`${file} defines provider ${model.id}, which ${other} defines too`, 'Keep one of them');
      seen.set(model.id, file);
      return { model, origin: file };
    });
  });
}

/** The built-in providers and the user's, a user file replacing a built-in of the same id. */
export function loadProviders(dir?: string): KnownProvider[] {
  return mergeProviders(loadUserProviders(dir));
}
