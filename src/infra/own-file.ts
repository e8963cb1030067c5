import { closeSync, constants, fstatSync, lstatSync, openSync, readSync, type Stats } from 'node:fs';
import { lstat, open, type FileHandle } from 'node:fs/promises';
import { fileProblem, UserError } from '../core/errors.js';

/** What a file read as data is, for its error: "run record", "raw trace". */
export interface OwnFileKind {
  what: string;
  /** The largest such a file can be; a larger one is refused before a byte is read. */
  maxBytes: number;
  /** What to try when it is refused. */
  hint: string;
}

/** An opened file that passed the checks; the size is the descriptor's, read once. */
export interface OwnFile {
  handle: FileHandle;
  size: number;
}

// O_NOFOLLOW: a planted link is not followed. O_NONBLOCK: a FIFO opens at once instead of waiting for a writer.
// O_NOCTTY: a terminal device never becomes ours.
const FLAGS = constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK | constants.O_NOCTTY;

/**
 * Opens a file functracer reads as data, which on a shared machine may have been planted: it must be a regular
 * file, not a link, owned by the user running functracer or by root, and no larger than `kind.maxBytes`. The
 * lstat before opening keeps a device from being opened at all; the fstat of the opened descriptor is what is
 * judged, so a file swapped between the two cannot win. A missing file rejects with its ENOENT, for callers to
 * whom absence is normal; every other refusal is a UserError naming the file.
 */
export async function openOwnFile(path: string, kind: OwnFileKind): Promise<OwnFile> {
  const before = await lstat(path).catch((error: unknown) => rethrowAbsent(path, kind, error));
  refuse(path, kind, before);
  let handle: FileHandle;
  try {
    handle = await open(path, FLAGS);
  } catch (error) {
    rethrowAbsent(path, kind, error);
  }
  try {
    const opened = await handle.stat();
    refuse(path, kind, opened);
    if (opened.ino !== before.ino || opened.dev !== before.dev) {
      throw new UserError(`cannot read the ${kind.what} ${path}: it was replaced while it was being opened`, kind.hint);
    }
    return { handle, size: opened.size };
  } catch (error) {
    await handle.close();
    throw error;
  }
}

/** The whole of a small file as text, read from the checked descriptor and never past its checked size. */
export async function readOwnFile(path: string, kind: OwnFileKind): Promise<string> {
  const { handle, size } = await openOwnFile(path, kind);
  try {
    const buffer = Buffer.alloc(size);
    let filled = 0;
    while (filled < size) {
      const { bytesRead } = await handle.read(buffer, filled, size - filled, filled);
      if (bytesRead === 0) break;
      filled += bytesRead;
    }
    return buffer.subarray(0, filled).toString('utf8');
  } finally {
    await handle.close();
  }
}

/** The same checks and bounded read, for the few readers that run before anything async can (flags parsed up front). */
export function readOwnFileSync(path: string, kind: OwnFileKind): string {
  let fd: number;
  try {
    refuse(path, kind, lstatSync(path));
    fd = openSync(path, FLAGS);
  } catch (error) {
    if (error instanceof UserError) throw error;
    rethrowAbsent(path, kind, error);
  }
  try {
    const opened = fstatSync(fd);
    refuse(path, kind, opened);
    const buffer = Buffer.alloc(opened.size);
    let filled = 0;
    while (filled < opened.size) {
      const read = readSync(fd, buffer, filled, opened.size - filled, filled);
      if (read === 0) break;
      filled += read;
    }
    return buffer.subarray(0, filled).toString('utf8');
  } finally {
    closeSync(fd);
  }
}

/** Absence is the caller's to judge; any other failure to open is the user's to fix. */
function rethrowAbsent(path: string, kind: OwnFileKind, error: unknown): never {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') throw error;
  // O_NOFOLLOW on a link that appeared after the lstat.
  if (code === 'ELOOP') throw new UserError(`cannot read the ${kind.what} ${path}: it is ${LINK}, not a regular file`, kind.hint);
  throw new UserError(`cannot read the ${kind.what} ${path}: ${fileProblem(error)}`, kind.hint);
}

function refuse(path: string, kind: OwnFileKind, stats: Stats): void {
  const not = notRegular(stats);
  if (not) throw new UserError(`cannot read the ${kind.what} ${path}: it is ${not}, not a regular file`, kind.hint);
  const uid = process.getuid?.();
  if (uid !== undefined && stats.uid !== uid && stats.uid !== 0) {
    throw new UserError(
      `cannot read the ${kind.what} ${path}: it belongs to uid ${stats.uid}, neither you nor root, so functracer does not trust it`,
      kind.hint,
    );
  }
  if (stats.size > kind.maxBytes) {
    throw new UserError(
      `cannot read the ${kind.what} ${path}: it holds ${stats.size} bytes, more than a ${kind.what} can (${kind.maxBytes})`,
      kind.hint,
    );
  }
}

function notRegular(stats: Stats): string | undefined {
  if (stats.isFile()) return undefined;
  if (stats.isSymbolicLink()) return LINK;
  if (stats.isFIFO()) return 'a named pipe (FIFO)';
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return 'a device';
  if (stats.isDirectory()) return 'a folder';
  if (stats.isSocket()) return 'a socket';
  return 'something else';
}

const LINK = 'a symbolic link (functracer follows no link it did not make)';
