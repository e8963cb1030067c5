import fs from 'node:fs';
import path from 'node:path';
import { fileProblem, UserError } from '../core/errors.js';

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
 * Checks that an output folder can be made and written, before any container
 * runs, so a bad --out never costs a run or leaves one behind. Folders it had
 * to make for the check are removed again: a run whose image turns out not to
 * exist leaves no empty folder. The trace file makes them for real.
 */
export function checkOutDir(dir: string, flag = '--out'): string {
  const resolved = path.resolve(dir);
  const made: string[] = [];
  try {
    makeFolders(resolved, made);
    if (!fs.statSync(resolved).isDirectory()) throw Object.assign(new Error('not a folder'), { code: 'ENOTDIR' });
    fs.accessSync(resolved, fs.constants.W_OK);
  } catch (error) {
    throw new UserError(`${flag} ${dir} cannot be used as an output folder: ${fileProblem(error)}`, 'Choose a folder you can write to');
  } finally {
    for (const folder of made.reverse()) removeIfEmpty(folder);
  }
  return resolved;
}

/**
 * Creates the missing folders one level at a time, noting each in `made`.
 * Node 20's recursive mkdir never returns for a path under /proc, which
 * refuses each level with ENOENT.
 */
export function makeFolders(dir: string, made: string[] = []): void {
  const missing: string[] = [];
  for (let at = dir; !fs.existsSync(at) && path.dirname(at) !== at; at = path.dirname(at)) missing.unshift(at);
  for (const folder of missing) {
    fs.mkdirSync(folder);
    made.push(folder);
  }
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
