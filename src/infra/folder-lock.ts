import fs from 'node:fs';
import { lstat, open, unlink } from 'node:fs/promises';
import os from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { UserError } from '../core/errors.js';
import { isAlive } from './processes.js';

/** A holder keeps the lock for a few renames, a few ms; one older than this was left by a writer that died holding it. */
const STALE_MS = 5_000;
/** Longer than STALE_MS, so a lock left by a crash is always broken before a waiter gives up. */
const WAIT_MS = 10_000;

const CREATE = fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_EXCL | fs.constants.O_NOFOLLOW;
const READ = fs.constants.O_RDONLY | fs.constants.O_NOFOLLOW | fs.constants.O_NONBLOCK;

/**
 * Runs `work` while holding `lock`, a file created with O_EXCL (as git's
 * index.lock), so writers of the same files in one folder take turns. The file
 * holds the holder's pid and host. A lock whose holder is dead on this host,
 * that is older than a few seconds, or that is not a regular file (something
 * planted) is removed; one held by a live writer is waited for, up to 10 s.
 */
export async function withFolderLock<T>(lock: string, work: () => Promise<T>): Promise<T> {
  const held = await acquire(lock);
  try {
    return await work();
  } finally {
    // Only our own: a lock broken as stale and taken by another writer since is theirs.
    const now = await lstat(lock, { bigint: true }).catch(() => undefined);
    if (now?.ino === held) await unlink(lock).catch(() => undefined);
  }
}

async function acquire(lock: string): Promise<bigint> {
  for (const end = Date.now() + WAIT_MS; ; await sleep(2 + Math.random() * 8)) {
    const held = await tryCreate(lock);
    if (held !== undefined) return held;
    if (await breakIfStale(lock)) continue;
    if (Date.now() > end)
      throw new UserError(
        `another process kept ${lock} locked for ${WAIT_MS / 1000} s while writing the same files`,
        `Try again; if no functracer is writing there, remove ${lock}`,
      );
  }
}

/** The new lock's inode, or undefined when one is there already. */
async function tryCreate(lock: string): Promise<bigint | undefined> {
  let handle;
  try {
    handle = await open(lock, CREATE, 0o644);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return undefined;
    throw error;
  }
  try {
    // On a full disk the lock stays empty: it still excludes, and it goes stale by its age alone.
    await handle.writeFile(`${process.pid} ${os.hostname()}\n`).catch(() => undefined);
    return (await handle.stat({ bigint: true })).ino;
  } finally {
    await handle.close();
  }
}

/** Removes the lock if its holder is gone; true when it did (or the lock went meanwhile), so the caller tries again at once. */
async function breakIfStale(lock: string): Promise<boolean> {
  const stats = await lstat(lock, { bigint: true }).catch(() => undefined);
  if (!stats) return true;
  const stale = !stats.isFile() || Date.now() - Number(stats.mtimeMs) > STALE_MS || (await holderIsDead(lock));
  if (!stale) return false;
  // Only the lock judged stale: one made since has another inode. A folder planted there cannot be unlinked and times out.
  const now = await lstat(lock, { bigint: true }).catch(() => undefined);
  if (now?.ino !== stats.ino) return true;
  return unlink(lock).then(
    () => true,
    () => false,
  );
}

async function holderIsDead(lock: string): Promise<boolean> {
  let text = '';
  try {
    const handle = await open(lock, READ);
    // A pid and a host name; a planted lock may be of any size.
    const { buffer, bytesRead } = await handle.read(Buffer.alloc(300), 0, 300, 0).finally(() => handle.close());
    text = buffer.toString('utf8', 0, bytesRead);
  } catch {
    return false;
  }
  const [pid, host] = text.trim().split(' ');
  // A pid means something only on its own host; elsewhere the lock's age decides.
  return host === os.hostname() && !isAlive(Number(pid));
}
