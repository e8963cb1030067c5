import path from 'node:path';
import { checkOutDir, sharedFolderWarning, type FolderName } from '../infra/out-dir.js';

/** The TUI has no --out: its messages name the setting, and where to change it. */
export const OUTPUT_FOLDER_SETTING: FolderName = {
  label: 'Output folder',
  change: 'Change the Output folder setting (c on the home screen) to a folder you can write to',
};

/**
 * The Output folder setting as it is entered, and again before each run: the
 * folder, relative to `cwd`, must be one where files can be created (a
 * UserError naming the setting otherwise). Returns why root should not write
 * there ("world-writable: …") when other users can too.
 */
export function checkOutputFolder(dir: string, cwd: string): { path: string; warning?: string } {
  const resolved = checkOutDir(path.resolve(cwd, dir), OUTPUT_FOLDER_SETTING);
  const warning = sharedFolderWarning(resolved);
  return { path: resolved, ...(warning ? { warning } : {}) };
}
