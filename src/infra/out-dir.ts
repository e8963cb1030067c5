import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileProblem, UserError } from '../core/errors.js';
import { NEW_FILE } from './atomic-write.js';
import { inFolder } from './folders.js';
import { plantedLink } from './planted-link.js';

/** How a front end names the output folder, so a message says what the user can change: the CLI's flag, or the TUI's setting. */
export interface FolderName {
  /** Goes before the folder in a message: `--out traces`. */
  label: string;
  /** The hint that says how to use another folder: "Choose an --out folder you can write to". */
  change: string;
}

export const OUT_FLAG: FolderName = { label: '--out', change: 'Choose an --out folder you can write to' };

/** For what writes into a folder both front ends chose (the tracer's files): it names neither the flag nor the setting. */
export const OUTPUT_FOLDER: FolderName = { label: 'the output folder', change: 'Use another output folder, one you can write to' };

/**
 * Checks that an output folder can be made and that files can be created in
 * it, before any container runs, so a bad --out never costs a run or leaves one
 * behind. It creates and removes a file there: access(W_OK) passes root
 * everywhere, /proc, /sys and cgroup folders included, where no file can be
 * made. A link another user may have planted on the way is refused, not
 * followed (see plantedLink). Folders it had to make for the check are removed again: a run whose
 * image turns out not to exist leaves no empty folder (nor a cgroup). The trace
 * file makes them for real.
 */
export function checkOutDir(dir: string, name: FolderName = OUT_FLAG): string {
  const resolved = path.resolve(dir);
  const planted = plantedLink(resolved);
  if (planted) {
    throw new UserError(
      `${name.label} ${dir} cannot be used as an output folder: ${planted.link} is a link that uid ${planted.owner} put in ${planted.folder}, where anyone may write, and functracer does not follow it`,
      "Give the folder's own path, not one through that link",
    );
  }
  const made: string[] = [];
  let probing = false;
  try {
    // In the folder, so that it is made again should another functracer's check of it remove it meanwhile.
    inFolder(
      path.join(resolved, 'probe'),
      () => {
        if (!fs.statSync(resolved).isDirectory()) throw Object.assign(new Error('not a folder'), { code: 'ENOTDIR' });
        probing = true;
        probeFile(resolved);
      },
      made,
    );
  } catch (error) {
    // Root's EACCES in /sys or a cgroup folder reads oddly alone: say that it is about making a file there.
    const why = probing ? `no file can be created in it: ${fileProblem(error)}` : fileProblem(error);
    throw new UserError(`${name.label} ${dir} cannot be used as an output folder: ${why}`, name.change);
  } finally {
    for (const folder of made.reverse()) removeIfEmpty(folder);
  }
  return resolved;
}

/** Creates and removes a new file in the folder, as every output is created. */
function probeFile(dir: string): void {
  const probe = path.join(dir, `.functracer-probe-${process.pid}-${randomBytes(6).toString('hex')}`);
  fs.closeSync(fs.openSync(probe, NEW_FILE, 0o600));
  fs.unlinkSync(probe);
}

/**
 * Why root writing into this folder is worth a warning, or undefined: "world-writable: …",
 * to follow "<folder> is".  Its
 * files are never followed through a planted link (see replaceFiles), but in a
 * world-writable folder other users can still add files beside them (a trace
 * list or a `--from *.csv` there picks theirs up too), and without the sticky
 * bit they can also replace or remove what functracer wrote.
 */
export function sharedFolderWarning(dir: string, uid = process.getuid?.()): string | undefined {
  if (uid !== 0) return undefined;
  let mode: number;
  try {
    mode = fs.statSync(dir).mode;
  } catch {
    return undefined;
  }
  if ((mode & 0o002) === 0) return undefined;
  return (mode & 0o1000) !== 0
    ? 'world-writable: other users can put their own files beside the ones written there'
    : 'world-writable without the sticky bit: other users can replace or remove the files written there';
}

/** The hint for a write that failed: room on a full disk, another folder otherwise. */
export function writeHint(error: unknown, name: FolderName = OUT_FLAG): string {
  return (error as NodeJS.ErrnoException).code === 'ENOSPC' ? 'Free some space on that disk' : name.change;
}

function removeIfEmpty(folder: string): void {
  try {
    fs.rmdirSync(folder);
  } catch {
    // Something else wrote into it meanwhile; then it is no longer only ours to remove.
  }
}
