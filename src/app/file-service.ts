import { lstat, open, readdir, readFile } from 'node:fs/promises';
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

/** The JPEGs in a folder with their size and dimensions; a missing folder lists nothing. */
export async function listJpegs(dir: string): Promise<SampleInputFile[]> {
  const names = (await readdir(dir).catch(() => [] as string[])).filter((name) => /\.jpe?g$/i.test(name)).sort();
  return Promise.all(
    names.map(async (name) => {
      const path = join(dir, name);
      const file = await open(path, 'r');
      try {
        const { size: bytes } = await file.stat();
        const head = Buffer.alloc(Math.min(bytes, HEADER_BYTES));
        await file.read(head, 0, head.length, 0);
        const size = jpegSize(head) ?? (bytes > HEADER_BYTES ? jpegSize(await readFile(path)) : undefined);
        return { name, path, bytes, ...(size ? { size } : {}) };
      } finally {
        await file.close();
      }
    }),
  );
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
      const run = await runOf(path);
      return [{ name, path, bytes: info.size, modifiedMs: info.mtimeMs, ...(run ? { run } : {}) }];
    }),
  );
  return files.flat().sort((a, b) => b.modifiedMs - a.modifiedMs);
}

/**
 * The image and arguments from a trace's run record, read as every record is (a regular file of yours or root's,
 * at most 1 MiB); a trace without one, or with one that is refused, is listed by its name alone.
 */
async function runOf(csv: string): Promise<TraceFile['run']> {
  try {
    const text = await readOwnFile(runRecordPath(csv), { what: 'run record', maxBytes: MAX_RECORD_BYTES, hint: '' });
    const record = runRecordSchema.safeParse(JSON.parse(text));
    return record.success ? { image: record.data.image, args: record.data.args } : undefined;
  } catch {
    return undefined;
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
