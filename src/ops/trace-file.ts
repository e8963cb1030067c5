import { MIB, millis } from '../core/units.js';
import { lstat } from 'node:fs/promises';
import { basename } from 'node:path';
import { fileProblem, isUserError, UserError } from '../core/errors.js';
import { RawCsvReader, type RecordedTrace } from '../core/raw-csv-reader.js';
import { MAX_RECORD_BYTES, runOutputPath, runRecordPath, runRecordSchema, type RunRecord } from '../core/run-record.js';
import { openOwnFile, readOwnFile, type OwnFileKind } from '../infra/own-file.js';
import type { PricedRun } from './price-result.js';
import type { Trace } from '../core/trace.js';

/**
 * A raw trace at 1 kHz takes about 34 bytes a sample, so 1 GiB is some nine hours of run, where cloud functions
 * stop at 15–60 minutes; read into memory it takes about 0.75 GB. A larger file is refused before it is read.
 */
export const MAX_TRACE_BYTES = 1024 * MIB;

const TRACE_FILE: OwnFileKind = { what: 'trace', maxBytes: MAX_TRACE_BYTES, hint: 'Pass a raw trace CSV written by functracer run' };

/**
 * A recorded raw trace, in the original two-column form or functracer's three-column one.
 * Every command and screen that reads one goes through here, so a bad file gets the same line everywhere.
 */
async function readTraceFile(file: string): Promise<RecordedTrace> {
  const { handle, size } = await openOwnFile(file, TRACE_FILE).catch((error: unknown) => {
    throw isUserError(error) ? error : unreadable(file, error);
  });
  const reader = new RawCsvReader(file, size);
  try {
    // Up to the size checked when it was opened: a file that grows meanwhile is read as it was.
    const stream = size === 0 ? [] : handle.createReadStream({ start: 0, end: size - 1, highWaterMark: 1 << 20, autoClose: false });
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      // A picture or an archive given by mistake would otherwise come back as a screenful of NUL bytes in the error.
      if (chunk.includes(0)) throw new UserError(`${file} is not a text file`, TRACE_FILE.hint);
      reader.push(chunk);
    }
  } catch (error) {
    throw isUserError(error) ? error : unreadable(file, error);
  } finally {
    await handle.close();
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

/**
 * Every sample of a finished run: its own trace when it kept them all, or else
 * its raw CSV read back, the one full record. A run long enough to fold its
 * samples (see `Trace.bounded`) keeps only running figures and chart buckets;
 * a hull or a dynamic price needs each sample. Without a CSV the trace is all there is.
 */
export async function everySample(run: { trace: Trace; rawCsv: string | null }): Promise<Trace> {
  if (run.trace.complete || !run.rawCsv) return run.trace;
  return (await readTraceFile(run.rawCsv)).trace;
}

function unreadable(file: string, error: unknown): UserError {
  return new UserError(`cannot read the trace ${file}: ${fileProblem(error)}`, 'Pass a raw trace CSV written by functracer run');
}

/** A legend name or file stem for a trace: its file name without the "-rawresults.csv" every trace carries. */
export function traceStem(file: string): string {
  return basename(file).replace(/(-rawresults)?\.csv$/i, '');
}

/** A recorded trace with the record its run left beside it, where there is one. */
export interface RecordedRun extends RecordedTrace {
  record?: RunRecord;
  /** What the function printed, where its `…-output.txt` is still beside the trace. */
  outputFile?: string;
}

/** A raw trace and its `…-run.json`; a record that does not fit its trace is refused rather than half-used. */
export async function readRecordedRun(file: string): Promise<RecordedRun> {
  const recorded: RecordedRun = await readTraceFile(file);
  const outputFile = runOutputPath(file);
  // Only named in the report, never read: a link is not named either.
  if (
    await lstat(outputFile).then(
      (s) => s.isFile(),
      () => false,
    )
  )
    recorded.outputFile = outputFile;
  const recordFile = runRecordPath(file);
  const hint = `Remove ${recordFile} to read the trace from its rows alone`;
  let text: string;
  try {
    text = await readOwnFile(recordFile, { what: 'run record', maxBytes: MAX_RECORD_BYTES, hint });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return recorded;
    throw error;
  }
  let parsed: ReturnType<typeof runRecordSchema.safeParse>;
  try {
    parsed = runRecordSchema.safeParse(JSON.parse(text));
  } catch {
    throw new UserError(`${recordFile} is not JSON`, hint);
  }
  if (!parsed.success) throw new UserError(`${recordFile} is not a run record written by functracer run`, hint);
  if (parsed.data.durationMs !== recorded.durationMs) {
    throw new UserError(
      `${recordFile} says the run lasted ${millis(parsed.data.durationMs)} ms, but ${basename(file)} spans ${millis(recorded.durationMs)} ms`,
      hint,
    );
  }
  return { ...recorded, record: parsed.data };
}

/** What was assumed to read the file (the original's own traces), each line naming it. */
export function traceNotes(file: string, run: RecordedTrace): string[] {
  return run.notes.map((note) => `${file}: ${note}`);
}

/** A recorded run as pricing takes it: the rows, and from its record the kernel's peak and the CPU time, as its report had them. */
export function pricedRunOf(run: RecordedRun, cpuMs?: number | null): PricedRun {
  return {
    durationMs: run.durationMs,
    peakBytes: run.record?.peakBytes ?? run.trace.peakBytes,
    trace: run.trace,
    cpuMs: cpuMs ?? run.record?.cpuMs ?? null,
  };
}
