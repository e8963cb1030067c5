import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import { lstat, open, rename, unlink } from 'node:fs/promises';
import path from 'node:path';
import { withFolderLock } from './folder-lock.js';
import { inFolderAsync } from './folders.js';

/**
 * Flags that create a new file and nothing else: they fail with EEXIST when
 * anything stands at the name, a symlink another user planted included, so a
 * write as root never truncates or follows what it did not make.
 */
export const NEW_FILE = fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_EXCL | fs.constants.O_NOFOLLOW;

export interface FileContent {
  path: string;
  data: string | Uint8Array;
}

/**
 * Replaces files whole, as a set, as git's lock files and conf's `atomically` do,
 * making their folders where missing.
 * Each file is first written to a temporary beside it (created with NEW_FILE,
 * fsynced); only once every one is complete are they renamed over the targets,
 * in the order given. A full disk, a crash or any error before that removes the
 * temporaries and leaves the old files as they were. A rename replaces a symlink
 * at the target rather than following it, and a concurrent writer's file is
 * replaced whole, never mixed with this one.
 *
 * With `lock`, writers of the same set take turns over the renames (see
 * withFolderLock), so the set on disk is always one writer's. Without it, each
 * file is still whole, but two writers may leave one's first and the other's second.
 */
export async function replaceFiles(files: readonly FileContent[], options: { lock?: string } = {}): Promise<void> {
  const temps: (string | undefined)[] = [];
  try {
    for (const file of files) temps.push(await writeTemporary(file));
    // A folder at a target would stop the renames half-way through the set: refused before the first.
    for (const file of files) await refuseFolderAt(file.path);
    const renameAll = async () => {
      for (const [i, file] of files.entries()) {
        await rename(temps[i]!, file.path);
        temps[i] = undefined;
      }
    };
    await (options.lock ? withFolderLock(options.lock, renameAll) : renameAll());
  } finally {
    await Promise.all(temps.map((temp) => temp && unlink(temp).catch(() => undefined)));
  }
  // So the new names survive a power cut, not only the new contents; a folder that cannot be synced changes nothing.
  for (const folder of new Set(files.map((f) => path.dirname(f.path)))) await syncFolder(folder);
}

/** One file replaced whole: see replaceFiles. */
export function replaceFile(file: string, data: string | Uint8Array): Promise<void> {
  return replaceFiles([{ path: file, data }]);
}

/** `.<name>.<pid>-<random>.tmp` beside the target: hidden, unguessable, and telling whose it was should a crash leave it. */
function temporaryName(target: string): string {
  // Kept under the 255 bytes a name may have, however long the target's.
  const name = path.basename(target).slice(0, 200);
  return path.join(path.dirname(target), `.${name}.${process.pid}-${randomBytes(6).toString('hex')}.tmp`);
}

async function writeTemporary({ path: target, data }: FileContent): Promise<string> {
  const temp = temporaryName(target);
  const handle = await inFolderAsync(temp, () => open(temp, NEW_FILE, 0o666));
  try {
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    throw error;
  }
  return temp;
}

async function refuseFolderAt(target: string): Promise<void> {
  const stats = await lstat(target).catch(() => undefined);
  if (stats?.isDirectory()) throw Object.assign(new Error(`EISDIR: ${target} is a folder`), { code: 'EISDIR', path: target });
}

async function syncFolder(folder: string): Promise<void> {
  try {
    const handle = await open(folder, fs.constants.O_RDONLY | fs.constants.O_DIRECTORY);
    await handle.sync().finally(() => handle.close());
  } catch {
    // Some file systems refuse to sync a folder; the files themselves are synced already.
  }
}
