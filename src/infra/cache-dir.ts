import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { UserError } from '../core/errors.js';

/**
 * functracer's cache: what is slow to make and the same every time, such as the compiled Lambda client.
 * `$XDG_CACHE_HOME/functracer`, else `~/.cache/functracer` (`/root/.cache/functracer` as root);
 * FUNCTRACER_CACHE_DIR overrides it.
 */
export function cacheDir(env: NodeJS.ProcessEnv = process.env, home = os.homedir()): string {
  if (env.FUNCTRACER_CACHE_DIR) return env.FUNCTRACER_CACHE_DIR;
  return path.join(env.XDG_CACHE_HOME || path.join(home, '.cache'), 'functracer');
}

/**
 * A folder in the cache that only the user running functracer can change, made if missing (0755, one level at a
 * time). From the cache's own folder down, every level is checked with lstat and refused when it is a link, another
 * user's or writable by others: what functracer copies into an image from there cannot have been planted, and once
 * every level is its own nobody else can swap anything below it after the check.
 */
export function ownCacheFolder(...parts: string[]): string {
  let at = cacheDir();
  // The cache's own folder may need its parents too (a fresh home has no ~/.cache); those are the user's home's.
  makeFolder(at, true);
  checkOwnFolder(at);
  for (const part of parts) {
    at = path.join(at, part);
    makeFolder(at, false);
    checkOwnFolder(at);
  }
  return at;
}

/** Whatever is already there is judged by checkOwnFolder, not here. */
function makeFolder(at: string, recursive: boolean): void {
  try {
    fs.mkdirSync(at, { recursive, mode: 0o755 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
}

function checkOwnFolder(at: string): void {
  const stats = fs.lstatSync(at);
  const why = stats.isDirectory() || stats.isSymbolicLink() ? notOwnEntry(stats) : 'is not a folder';
  if (why) throw notOurs(at, why);
}

/** Why a cache entry is not one functracer may trust, or nothing: a link, another user's, or writable by others. */
export function notOwnEntry(stats: fs.Stats, uid = process.getuid?.() ?? 0): string | undefined {
  if (stats.isSymbolicLink()) return 'is a symbolic link (functracer follows no link it did not make)';
  if (!stats.isDirectory() && !stats.isFile()) return 'is neither a file nor a folder';
  if (stats.uid !== uid) return `belongs to uid ${stats.uid}, not to you`;
  if ((stats.mode & 0o022) !== 0) return 'may be changed by other users';
  return undefined;
}

export function notOurs(at: string, why: string): UserError {
  return new UserError(
    `the cache entry ${at} ${why}, so functracer will not use it`,
    'Remove it (functracer makes it again, its own), or set FUNCTRACER_CACHE_DIR to a folder of yours',
  );
}
