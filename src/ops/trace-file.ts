import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { isUserError, UserError } from '../core/errors.js';
import { RawCsvReader, type RecordedTrace } from '../core/raw-csv-reader.js';

/**
 * A recorded raw trace, in the original two-column form or functracer's three-column one.
 * Every command and screen that reads one goes through here, so a bad file gets the same line everywhere.
 */
export async function readTraceFile(file: string): Promise<RecordedTrace> {
  const reader = new RawCsvReader(file, await sizeOf(file));
  try {
    for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
      // A picture or an archive given by mistake would otherwise come back as a screenful of NUL bytes in the error.
      if (chunk.includes(0)) throw new UserError(`${file} is not a text file`, 'Pass a raw trace CSV written by functracer run');
      reader.push(chunk);
    }
  } catch (error) {
    throw isUserError(error) ? error : unreadable(file, error);
  }
  const recorded = reader.end();
  if (recorded.trace.length === 0 || !(recorded.durationMs > 0)) {
    throw new UserError(
      `${file} holds no samples over a positive duration`,
      'Pass the raw trace of a run that ran, with samples between its start and finish rows',
    );
  }
  return recorded;
}

async function sizeOf(file: string): Promise<number> {
  try {
    return (await stat(file)).size;
  } catch (error) {
    throw unreadable(file, error);
  }
}

function unreadable(file: string, error: unknown): UserError {
  const code = (error as NodeJS.ErrnoException).code;
  const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a folder' : (code ?? (error as Error).message);
  return new UserError(`cannot read the trace ${file}: ${why}`, 'Pass a raw trace CSV written by functracer run');
}

/** A legend name or file stem for a trace: its file name without the "-rawresults.csv" every trace carries. */
export function traceStem(file: string): string {
  return basename(file).replace(/(-rawresults)?\.csv$/i, '');
}
