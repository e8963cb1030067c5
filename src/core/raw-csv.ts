import type { Writable } from 'node:stream';
import { parse } from 'csv-parse/sync';
import { SAMPLE_STRIDE, Trace } from './trace.js';
import { UserError } from './errors.js';

const DAY_MS = 86_400_000;

/** Local wall-clock time as the original testbed wrote it: HH:MM:SS.mmm. */
export function formatClock(epochMs: number): string {
  const d = new Date(Math.floor(epochMs));
  const pad = (n: number, width = 2) => String(n).padStart(width, '0');
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`;
}

const CLOCK = /^(\d{1,2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?$/;

/** Milliseconds since midnight for an HH:MM:SS.mmm clock, or undefined if it is not one. */
export function parseClock(text: string): number | undefined {
  const m = CLOCK.exec(text.trim());
  if (!m) return undefined;
  const fraction = (m[4] ?? '0').padEnd(3, '0');
  return (
    Number(m[1]) * 3_600_000 + Number(m[2]) * 60_000 + Number(m[3]) * 1000 + Number(`${fraction.slice(0, 3)}.${fraction.slice(3) || '0'}`)
  );
}

/**
 * Streams a raw trace in the original format while the run goes on, so an
 * interrupted run leaves a readable partial trace. Rows: the start time with 0,
 * one row per sample, then the finish time with 0.
 */
export class RawCsvWriter {
  private started = false;
  private finished = false;

  constructor(
    private readonly out: Writable,
    private readonly withLimit = true,
  ) {}

  start(epochMs: number): void {
    if (this.started) return;
    this.started = true;
    this.out.write(this.row(epochMs, 0, NaN));
  }

  writeBatch(batch: Float64Array): void {
    if (!this.started || this.finished) return;
    let text = '';
    for (let i = 0; i + SAMPLE_STRIDE <= batch.length; i += SAMPLE_STRIDE) {
      text += this.row(batch[i]!, batch[i + 1]!, batch[i + 2]!);
    }
    if (text) this.out.write(text);
  }

  finish(epochMs: number): void {
    if (!this.started || this.finished) return;
    this.finished = true;
    this.out.write(this.row(epochMs, 0, NaN));
  }

  private row(epochMs: number, bytes: number, limit: number): string {
    const clock = formatClock(epochMs);
    if (!this.withLimit || Number.isNaN(limit)) return `${clock},${bytes}\n`;
    return `${clock},${bytes},${limit}\n`;
  }
}

export interface RecordedTrace {
  /** Sample times in ms since the start row. */
  trace: Trace;
  durationMs: number;
}

/**
 * Reads a raw trace (`HH:MM:SS.mmm,bytes[,limit]`, no header). Times that go
 * backwards are taken to have crossed midnight.
 */
export function readRawCsv(text: string, source: string): RecordedTrace {
  let rows: string[][];
  try {
    // The start row has two columns and samples may have three. csv-parse builds an error object for every row
    // whose width differs from the first, which made 100,000 rows take seconds; so the start row is parsed apart.
    const firstBreak = text.search(/\r?\n/);
    const head = firstBreak < 0 ? text : text.slice(0, firstBreak);
    const body = firstBreak < 0 ? '' : text.slice(firstBreak + 1);
    const options = { relaxColumnCount: true, skipEmptyLines: true, trim: true };
    rows = [...parse(head, options), ...parse(body, options)];
  } catch (error) {
    throw new UserError(`${source} is not a CSV file (${(error as Error).message})`, 'Pass a raw trace written by functracer run');
  }
  if (rows.length < 2) {
    throw new UserError(`${source} holds ${rows.length} row(s), not a trace`, 'A raw trace has a start row, samples and a finish row');
  }
  const trace = new Trace();
  let origin = NaN;
  let dayOffset = 0;
  let previous = -Infinity;
  let last = 0;
  rows.forEach((row, index) => {
    const clock = parseClock(row[0] ?? '');
    const bytes = Number(row[1]);
    if (clock === undefined || row.length < 2 || !Number.isFinite(bytes) || bytes < 0) {
      throw new UserError(
        `${source} line ${index + 1} is not "HH:MM:SS.mmm,bytes[,limit]": ${JSON.stringify(row.join(','))}`,
        'Pass a raw trace in the original testbed format',
      );
    }
    if (clock + dayOffset < previous - 1000) dayOffset += DAY_MS;
    const at = clock + dayOffset;
    previous = at;
    if (index === 0) {
      origin = at;
      return;
    }
    last = at - origin;
    if (index === rows.length - 1) return;
    const limit = row[2] === undefined || row[2] === '' ? NaN : Number(row[2]);
    trace.append(last, bytes, limit);
  });
  return { trace, durationMs: last };
}
