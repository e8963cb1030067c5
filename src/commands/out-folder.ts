import path from 'node:path';
import { terminalSafe } from '../core/terminal-text.js';
import { outputWidth, wrapWords } from '../core/text-width.js';
import { checkOutDir, sharedFolderWarning } from '../infra/out-dir.js';

/** The --out folder, checked before any container runs (a UserError when no file can be made there), and warned about when shared. */
export function checkOutFolder(dir: string): string {
  const resolved = checkOutDir(dir);
  warnIfShared(resolved);
  return resolved;
}

/** One line on stderr when root writes where other users can too; wrapped at words in a terminal, whole in a pipe, as errors are. */
export function warnIfShared(folder: string): void {
  const resolved = path.resolve(folder);
  const risk = sharedFolderWarning(resolved);
  if (!risk) return;
  const line = `functracer: warning: ${terminalSafe(resolved)} is ${risk}`;
  const text = process.stderr.isTTY ? wrapWords(line, outputWidth(process.env, process.stderr.columns), '  ').join('\n') : line;
  process.stderr.write(`${text}\n`);
}
