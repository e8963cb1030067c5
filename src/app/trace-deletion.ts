import type { Stats } from 'node:fs';
import { lstat, unlink } from 'node:fs/promises';
import { basename, dirname, resolve } from 'node:path';
import { UserError } from '../core/errors.js';
import { runOutputPath, runRecordPath } from '../core/run-record.js';

/** A file deleting a recorded trace would remove, as it was when the user was asked. */
interface DeletableFile {
  path: string;
  name: string;
  bytes: number;
  dev: number;
  ino: number;
}

/** What deleting a recorded trace would do: the files it removes, and the files of the trace it leaves, with why. */
export interface TraceDeletion {
  /** The output folder, resolved. */
  folder: string;
  files: DeletableFile[];
  kept: { name: string; reason: string }[];
}

/**
 * The files of a recorded trace that functracer may delete: the raw CSV and its `-run.json` and `-output.txt`
 * beside it, each only if it is a regular file (never a link, which is removed by no one but its maker) of the
 * user running functracer, directly in the output folder. Nothing is opened or removed here: the user is asked first.
 */
export async function planTraceDeletion(trace: string, outDir: string): Promise<TraceDeletion> {
  const folder = resolve(outDir);
  const csv = resolve(trace);
  if (dirname(csv) !== folder)
    throw new UserError(`${csv} is not in the output folder ${folder}`, 'delete traces from the output folder the home screen lists');
  const own = await lstat(csv).catch((error: unknown) => absent(error));
  if (!own) throw new UserError(`${basename(csv)} is no longer in ${folder}`, 'the list is read again after each run; press Tab to go on');
  const refused = notOurs(own);
  // The trace itself decides: its siblings are not removed without it.
  if (refused) throw new UserError(`${basename(csv)} is not functracer's to delete: ${refused}`, 'remove it yourself if it should go');
  const files: DeletableFile[] = [];
  const kept: TraceDeletion['kept'] = [];
  for (const path of [csv, runRecordPath(csv), runOutputPath(csv)]) {
    const stats = path === csv ? own : await lstat(path).catch((error: unknown) => absent(error));
    if (!stats) continue;
    const reason = notOurs(stats);
    if (reason) kept.push({ name: basename(path), reason });
    else files.push({ path, name: basename(path), bytes: stats.size, dev: stats.dev, ino: stats.ino });
  }
  return { folder, files, kept };
}

/**
 * Removes the files the user agreed to, each checked again first: one that is gone is skipped, one that changed
 * since (swapped for a link or another file) is left and named. Removing never follows a link.
 */
export async function deleteTraceFiles(plan: TraceDeletion): Promise<{ deleted: string[]; kept: TraceDeletion['kept'] }> {
  const deleted: string[] = [];
  const kept: TraceDeletion['kept'] = [];
  for (const file of plan.files) {
    const now = await lstat(file.path).catch((error: unknown) => absent(error));
    if (!now) continue;
    if (notOurs(now) || now.dev !== file.dev || now.ino !== file.ino) {
      kept.push({ name: file.name, reason: 'it changed after you were asked' });
      continue;
    }
    await unlink(file.path);
    deleted.push(file.name);
  }
  return { deleted, kept };
}

/** Why a file of the trace is not functracer's to remove, or nothing when it is. */
function notOurs(stats: Stats): string | undefined {
  if (stats.isSymbolicLink()) return 'a symbolic link, which functracer never removes';
  if (!stats.isFile()) return 'not a regular file';
  const uid = process.getuid?.();
  if (uid !== undefined && stats.uid !== uid) return `it belongs to uid ${stats.uid}, not to you`;
  return undefined;
}

function absent(error: unknown): undefined {
  if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
  throw error;
}
