import { constants } from 'node:fs';
import { lstat, open, readdir, type FileHandle } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { jpegSize } from '../core/jpeg-size.js';
import { isUserError } from '../core/errors.js';
import type { RunRecord } from '../core/run-record.js';
import { replanRecord } from '../ops/record-plan.js';
import type { RunOffer } from './run-offer.js';
import { screenError } from './screen-error.js';
import { MAX_RECORD_BYTES, runRecordPath, runRecordSchema } from '../core/run-record.js';
import { readOwnFile } from '../infra/own-file.js';
import type { SampleInputFile, TraceFile } from './services.js';
import { recordedSource, type TraceSource } from './trace-session.js';

/** The frame header sits in the first few KB unless an EXIF thumbnail comes first. */
const HEADER_BYTES = 256 * 1024;

/**
 * The JPEGs in a folder with their size and dimensions; a missing folder lists nothing. Only regular files are
 * listed, opened without following a link or waiting on a pipe: a FIFO named like a picture would hang the list.
 */
export async function listJpegs(dir: string): Promise<SampleInputFile[]> {
  const names = (await readdir(dir).catch(() => [] as string[])).filter((name) => /\.jpe?g$/i.test(name)).sort();
  const listed = await Promise.all(names.map((name) => describeJpeg(dir, name)));
  return listed.filter((file) => file !== undefined);
}

async function describeJpeg(dir: string, name: string): Promise<SampleInputFile | undefined> {
  const path = join(dir, name);
  const found = await lstat(path).catch(() => undefined);
  if (!found?.isFile()) return undefined;
  const file = await open(path, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK).catch(() => undefined);
  if (!file) return undefined;
  try {
    const opened = await file.stat();
    if (!opened.isFile()) return undefined;
    const bytes = opened.size;
    const size =
      jpegSize(await readAt(file, Math.min(bytes, HEADER_BYTES))) ??
      (bytes > HEADER_BYTES ? jpegSize(await readAt(file, bytes)) : undefined);
    return { name, path, bytes, ...(size ? { size } : {}) };
  } finally {
    await file.close();
  }
}

async function readAt(file: FileHandle, bytes: number): Promise<Buffer> {
  const buffer = Buffer.alloc(bytes);
  const { bytesRead } = await file.read(buffer, 0, bytes, 0);
  return buffer.subarray(0, bytesRead);
}

/** `multi`'s and `tune`'s tables share the folder with the traces; they are CSVs too, but of runs, not of samples. */
const RUN_TABLE = /-results\.csv$/;

/**
 * Raw traces in the output folder, newest first. Listed without following links or opening anything: a link,
 * a pipe or another user's file planted under a trace's name is listed, and refused with its reason when opened.
 */
export async function listTraceFiles(dir: string): Promise<TraceFile[]> {
  const names = (await readdir(dir).catch(() => [] as string[])).filter((name) => name.endsWith('.csv') && !RUN_TABLE.test(name));
  const files = await Promise.all(
    names.map(async (name) => {
      const path = join(dir, name);
      const info = await lstat(path).catch(() => undefined);
      if (!info || info.isDirectory()) return [];
      const record = await runOf(path);
      return [{ name, path, bytes: info.size, modifiedMs: info.mtimeMs, ...record }];
    }),
  );
  return files.flat().sort((a, b) => b.modifiedMs - a.modifiedMs);
}

/**
 * The image and arguments from a trace's run record, read as every record is (a regular file of yours or root's,
 * at most 1 MiB); a trace without one is listed by its name alone, and one whose record is refused says so.
 */
async function runOf(csv: string): Promise<Pick<TraceFile, 'run' | 'recordRefused'>> {
  const recordPath = runRecordPath(csv);
  if (!(await lstat(recordPath).catch(() => undefined))) return {};
  try {
    const text = await readOwnFile(recordPath, { what: 'run record', maxBytes: MAX_RECORD_BYTES, hint: '' });
    const record = runRecordSchema.safeParse(JSON.parse(text));
    return record.success ? { run: { image: record.data.image, args: record.data.args } } : { recordRefused: true };
  } catch {
    return { recordRefused: true };
  }
}

/** A recorded trace, and the run that made it where its record says (older records do not), as it may be run again. */
export interface OpenedTrace {
  source: TraceSource;
  offer?: RunOffer;
}

/** A recorded trace as a read-only source for the trace screen; a bad file is a UserError naming it. */
export async function openTraceFile(path: string): Promise<OpenedTrace> {
  // The CSV parser loads on first use: the first frame does not wait for it.
  const { pricedRunOf, readRecordedRun } = await import('../ops/trace-file.js');
  const run = await readRecordedRun(path);
  const source = recordedSource(basename(path), run.trace, run.durationMs, path, pricedRunOf(run), run.record, run.outputFile, run.notes);
  const offer = run.record && rerunOffer(run.record, runRecordPath(path));
  return { source, ...(offer ? { offer } : {}) };
}

/**
 * The record's run as m, h and p may start it: never its plan as written, but the plan functracer makes of it,
 * with what to confirm first; or refused, the trace still open to read.
 */
function rerunOffer(record: RunRecord, recordFile: string): RunOffer | undefined {
  try {
    const replanned = replanRecord(record, recordFile);
    return replanned && { ...replanned, record: basename(recordFile) };
  } catch (error) {
    if (isUserError(error)) return { refused: screenError(error) };
    throw error;
  }
}
