import fs from 'node:fs';
import path from 'node:path';
import { UserError } from '../core/errors.js';

/**
 * Makes sure an output folder exists and can be written, before any container
 * runs, so a bad --out never costs a run or leaves one behind.
 */
export function prepareOutDir(dir: string, flag = '--out'): string {
  const resolved = path.resolve(dir);
  try {
    makeFolders(resolved);
    if (!fs.statSync(resolved).isDirectory()) throw Object.assign(new Error('not a folder'), { code: 'ENOTDIR' });
    fs.accessSync(resolved, fs.constants.W_OK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new UserError(`${flag} ${dir} cannot be used as an output folder (${code})`, 'Choose a folder you can write to');
  }
  return resolved;
}

/**
 * Creates the missing folders one level at a time. Node 20's recursive mkdir
 * never returns for a path under /proc, which refuses each level with ENOENT.
 */
export function makeFolders(dir: string): void {
  const missing: string[] = [];
  for (let at = dir; !fs.existsSync(at) && path.dirname(at) !== at; at = path.dirname(at)) missing.unshift(at);
  for (const folder of missing) fs.mkdirSync(folder);
}
