import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { UserError } from '../core/errors.js';
import { readRawCsv, type RecordedTrace } from '../core/raw-csv.js';

/**
 * A recorded raw trace, in the original two-column form or functracer's three-column one.
 * Every command and screen that reads one goes through here, so a bad file gets the same line everywhere.
 */
export async function readTraceFile(file: string): Promise<RecordedTrace> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a folder' : (code ?? (error as Error).message);
    throw new UserError(`cannot read the trace ${file}: ${why}`, 'Pass a raw trace CSV written by functracer run');
  }
  // A picture or an archive given by mistake would otherwise come back as a screenful of NUL bytes in the error.
  if (text.includes('\u0000')) throw new UserError(`${file} is not a text file`, 'Pass a raw trace CSV written by functracer run');
  const recorded = readRawCsv(text, file);
  if (recorded.trace.length === 0 || !(recorded.durationMs > 0)) {
    throw new UserError(
      `${file} holds no samples over a positive duration`,
      'Pass the raw trace of a run that ran, with samples between its start and finish rows',
    );
  }
  return recorded;
}

/** A legend name or file stem for a trace: its file name without the "-rawresults.csv" every trace carries. */
export function traceStem(file: string): string {
  return basename(file).replace(/(-rawresults)?\.csv$/i, '');
}
