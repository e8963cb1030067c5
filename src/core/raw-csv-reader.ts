import { UserError } from './errors.js';
import { Trace } from './trace.js';

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
/** No machine a function runs on has more; a larger figure is a corrupt row, not memory. */
const MAX_MEMORY_BYTES = 16 * 2 ** 40;
/**
 * Longer than any row can be: a clock of 18 characters and two 15-digit numbers take 52 bytes, and spaces around
 * the fields fit too. A longer line is refused as soon as it is seen, so a file of one huge line costs one chunk.
 */
export const MAX_LINE_BYTES = 256;
/** A week of runs past midnight; each takes at least 12 h of clock (evening to morning), so more is not one run. */
export const MAX_MIDNIGHTS = 7;
/**
 * Every sampler writes a row at least every second or so while the function runs (functracer's cgroup reader about
 * a thousand, the stats API one, the original a few every second), so a trace whose rows are on average further
 * apart than a minute is not a sampler's: its duration is longer than its rows allow.
 */
export const MAX_MEAN_GAP_MS = 60_000;
/** A finish row of 00:00:00.000 this long after the row before it can only be the original's lost container. */
const LOST_FINISH_MS = 60_000;

const NEWLINE = 0x0a;
const RETURN = 0x0d;
const COMMA = 0x2c;
const COLON = 0x3a;
const DOT = 0x2e;
const ZERO = 0x30;

export interface RecordedTrace {
  /** Sample times in ms since the start row; the start and finish rows are not samples. */
  trace: Trace;
  /** From the start row to the finish row, both of which hold 0 bytes, ms. */
  durationMs: number;
  /** What was assumed to read a file the original testbed wrote (a lost finish, rows without a reading), one line each. */
  notes: string[];
}

interface Row {
  clockMs: number;
  /** NaN for an empty field: the original's tracer writes one when it could not read the memory. */
  bytes: number;
  limit: number;
}

/**
 * Reads a raw trace (`HH:MM:SS.mmm,bytes[,limit]`, no header) row by row, so a
 * file of any length is read in chunks into typed-array columns. The common
 * form is parsed from the bytes; anything else is parsed again as text, which
 * either accepts it (spaces around fields) or says which line is wrong and how.
 */
export class RawCsvReader {
  private carry: Uint8Array | undefined;
  private lineNumber = 0;
  private rows = 0;
  private readonly trace = new Trace();
  private originMs = NaN;
  private lastRowLine = 0;
  private previousClockMs = NaN;
  private dayOffsetMs = 0;
  private bytesSeen = 0;
  private midnights = 0;
  /** Every row read, with or without a reading: what the span is judged against. */
  private allRows = 0;
  private readonly edgeNotes: string[] = [];
  /** A row without a memory reading, held until the next row says it was not the finish. */
  private unread: { at: number; line: number } | undefined;
  private readonly unreadLines: number[] = [];
  /** A 00:00:00.000 row long after the one before it: the original's lost finish if nothing follows it. */
  private lostFinish: { line: number; previousClockMs: number } | undefined;

  constructor(
    private readonly source: string,
    /** The file's size, when known: the first chunk's rows then tell how many the whole file holds. */
    private readonly totalBytes?: number,
  ) {}

  push(chunk: Uint8Array): void {
    const first = this.bytesSeen === 0;
    this.bytesSeen += chunk.length;
    this.parse(chunk);
    if (first && this.totalBytes && this.rows > 0) this.trace.reserve((this.totalBytes / this.bytesSeen) * this.rows * 1.05);
  }

  private parse(chunk: Uint8Array): void {
    // Always a plain Uint8Array view, never a Buffer: one element kind keeps the byte loops monomorphic.
    let data = new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    if (this.carry) {
      data = new Uint8Array(this.carry.length + chunk.length);
      data.set(this.carry);
      data.set(chunk, this.carry.length);
      this.carry = undefined;
    }
    // Buffer's indexOf is memchr, where a plain Uint8Array's is a slow loop.
    const bytes = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
    let start = 0;
    while (start < data.length) {
      const end = scanRow(data, start);
      if (end >= 0) {
        this.lineNumber += 1;
        this.accept(scanned.clockMs, scanned.bytes, scanned.limit);
      } else {
        const newline = bytes.indexOf(NEWLINE, start);
        if ((newline < 0 ? data.length : newline) - start > MAX_LINE_BYTES) throw this.longLine();
        if (newline < 0) break;
        this.slowLine(data, start, newline);
        start = newline + 1;
        continue;
      }
      start = end + 1;
    }
    if (start < data.length) this.carry = data.slice(start);
  }

  end(): RecordedTrace {
    // A last row without its newline is still a row.
    if (this.carry) this.parse(Uint8Array.of(NEWLINE));
    const notes = [...this.edgeNotes];
    const finish = this.finishRow(notes);
    if (this.unreadLines.length > 0) notes.unshift(unreadNote(this.unreadLines));
    const durationMs = finish.timeMs;
    const rows = this.allRows;
    if (durationMs > (rows - 1) * MAX_MEAN_GAP_MS) {
      throw new UserError(
        `${this.source} spans ${clockSpan(durationMs)} over ${rows} rows, more than a minute a row: no sampler writes so few`,
        'Check the clocks; a step back in the clock is read as midnight only from evening to morning',
      );
    }
    return { trace: this.trace, durationMs, notes };
  }

  /** The finish row: the last row, or where the original lost its container, the last sample. */
  private finishRow(notes: string[]): { timeMs: number } {
    if (this.lostFinish) {
      const last = this.trace.lastTime ?? 0;
      notes.push(
        `line ${this.lostFinish.line} finishes at 00:00:00.000, as the original's tracer writes when it lost the container; the run is taken to end at its last sample, ${clockText(this.lostFinish.previousClockMs)}`,
      );
      return { timeMs: last };
    }
    if (this.unread && this.rows >= 1) {
      // A last row without a reading is the finish, which holds 0 anyway.
      this.unreadLines.pop();
      notes.push(`line ${this.unread.line}, the finish row, has no memory reading; read as 0, as every finish row is`);
      return { timeMs: this.unread.at - this.originMs };
    }
    if (this.rows < 2) {
      throw new UserError(`${this.source} holds ${this.rows} row(s), not a trace`, 'A raw trace has a start row, samples and a finish row');
    }
    const finish = this.trace.removeLast()!;
    // An edge row that is not 0 is most likely a sample of a cut file: priced without it, the file would look smaller.
    if (finish.bytes !== 0) throw this.edgeError(this.lastRowLine, 'finish', finish.bytes);
    return finish;
  }

  private longLine(): UserError {
    return this.error(
      `is longer than any trace row (over ${MAX_LINE_BYTES} bytes without a line break)`,
      'Pass a raw trace: one HH:MM:SS.mmm,bytes[,limit] row a line',
      this.lineNumber + 1,
    );
  }

  private slowLine(data: Uint8Array, start: number, end: number): void {
    this.lineNumber += 1;
    const row = this.parseSlow(new TextDecoder().decode(data.subarray(start, end)));
    if (row) this.accept(row.clockMs, row.bytes, row.limit);
  }

  private parseSlow(text: string): Row | undefined {
    if (text.trim() === '') return undefined;
    const fields = text.split(',').map((f) => f.trim());
    const clock = CLOCK.exec(fields[0] ?? '');
    if (!clock || fields.length < 2 || fields.length > 3) {
      const shown = text.length > 40 ? `${text.slice(0, 40)}…` : text;
      throw this.error(`is not "HH:MM:SS.mmm,bytes[,limit]": ${JSON.stringify(shown)}`, 'Pass a raw trace in the original testbed format');
    }
    const [hours, minutes, seconds] = [Number(clock[1]), Number(clock[2]), Number(clock[3])];
    if (hours > 23 || minutes > 59 || seconds > 59) {
      throw this.error(`has the clock ${fields[0]}, which is not a time of day`, 'Clocks run from 00:00:00.000 to 23:59:59.999');
    }
    const fraction = clock[4] ?? '';
    const clockMs = ((hours * 60 + minutes) * 60 + seconds) * 1000 + (fraction ? Number(`0.${fraction}`) * 1000 : 0);
    // An empty memory field is the original's row for a moment it could not read the memory: no sample.
    const bytes = fields[1] === '' && !fields[2] ? NaN : this.memory(fields[1]!, 'bytes');
    return { clockMs, bytes, limit: fields[2] ? this.memory(fields[2], 'limit') : NaN };
  }

  private memory(field: string, what: string): number {
    const value = Number(field);
    if (field === '' || !Number.isInteger(value) || value < 0 || value > MAX_MEMORY_BYTES) {
      throw this.error(
        `has the ${what} ${field || '(empty)'}, which is not a memory size`,
        'Memory is a whole number of bytes, from 0 to 16 TiB',
      );
    }
    return value;
  }

  private accept(clockMs: number, bytes: number, limit: number): void {
    const previous = this.previousClockMs;
    if (this.lostFinish) throw this.backInTime(previous, 0, this.lostFinish.line);
    this.allRows += 1;
    if (clockMs < previous) {
      // The original's tracer writes 00:00:00.000 as the finish of a container it lost; only the last row may be one.
      if (clockMs === 0 && !(bytes > 0) && previous < DAY_MS - LOST_FINISH_MS) {
        this.lostFinish = { line: this.lineNumber, previousClockMs: previous };
        return;
      }
      // Only a clock passing midnight goes back: from the evening to the morning.
      if (!(previous >= 18 * HOUR_MS && clockMs < 6 * HOUR_MS)) throw this.backInTime(previous, clockMs, this.lineNumber);
      this.dayOffsetMs += DAY_MS;
      if (++this.midnights > MAX_MIDNIGHTS) {
        throw this.error(
          `passes midnight for the ${this.midnights}th time: a run of over a week is not one trace`,
          'Check the clocks; a step back in the clock is read as midnight only from evening to morning',
        );
      }
    }
    this.previousClockMs = clockMs;
    this.lastRowLine = this.lineNumber;
    const at = clockMs + this.dayOffsetMs;
    // The row held back without a reading was not the finish: it is left out.
    this.unread = undefined;
    if (Number.isNaN(bytes) && this.rows > 0) {
      this.unread = { at, line: this.lineNumber };
      this.unreadLines.push(this.lineNumber);
      return;
    }
    this.rows += 1;
    if (this.rows === 1) {
      this.originMs = at;
      if (Number.isNaN(bytes))
        this.edgeNotes.push(`line ${this.lineNumber}, the start row, has no memory reading; read as 0, as every start row is`);
      else if (bytes !== 0) throw this.edgeError(this.lineNumber, 'start', bytes);
      return;
    }
    // Every row after the start goes into the trace; the last one, the finish row, is taken back out at the end.
    this.trace.append(at - this.originMs, bytes, limit);
  }

  private backInTime(from: number, to: number, line: number): UserError {
    return this.error(
      `goes back in time, from ${clockText(from)} to ${clockText(to)}`,
      'Rows must be in time order; a step back is read as midnight only from evening to morning',
      line,
    );
  }

  private error(what: string, hint: string, line = this.lineNumber): UserError {
    return new UserError(`${this.source} line ${line} ${what}`, hint);
  }

  private edgeError(line: number, edge: 'start' | 'finish', bytes: number): UserError {
    const hint =
      edge === 'start'
        ? "A raw trace begins with a row of 0 bytes at the run's start; is this the file's first line?"
        : "A raw trace ends with a row of 0 bytes at the run's finish; to read a cut trace, add one after its last row";
    return this.error(`is the ${edge} row but holds ${bytes} bytes, not 0`, hint, line);
  }
}

const CLOCK = /^(\d{1,2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?$/;

/** "3 rows without a memory reading (lines 4, 9 and 12) were left out, …", at most a few lines named. */
function unreadNote(lines: readonly number[]): string {
  const named = lines.length <= 3 ? lines.join(', ') : `${lines.slice(0, 3).join(', ')}, …`;
  const what =
    lines.length === 1
      ? `line ${named} has no memory reading and was`
      : `${lines.length} rows have no memory reading (lines ${named}) and were`;
  return `${what} left out, as rows the original's tracer writes when it could not read the memory`;
}

/** A duration as days, hours and minutes, for a span too long to be a run. */
function clockSpan(ms: number): string {
  const days = Math.floor(ms / DAY_MS);
  const hours = Math.floor((ms % DAY_MS) / HOUR_MS);
  const minutes = Math.floor((ms % HOUR_MS) / 60_000);
  return days > 0 ? `${days} d ${hours} h` : hours > 0 ? `${hours} h ${minutes} min` : `${minutes} min`;
}

function clockText(ms: number): string {
  const pad = (n: number, width = 2) => String(Math.floor(n)).padStart(width, '0');
  return `${pad(ms / HOUR_MS)}:${pad((ms / 60_000) % 60)}:${pad((ms / 1000) % 60)}.${pad(ms % 1000, 3)}`;
}

/** The fast path's row, reused so a row costs no allocation. */
const scanned = { clockMs: 0, bytes: 0, limit: NaN };

/**
 * Parses `HH:MM:SS.f,digits[,digits]` then a newline, straight from the bytes,
 * into `scanned`, and gives the newline's index; -1 for anything else,
 * including a row not yet complete, which the text parser then judges.
 */
function scanRow(b: Uint8Array, start: number): number {
  const n = b.length;
  if (start + 11 >= n || b[start + 2] !== COLON || b[start + 5] !== COLON || b[start + 8] !== DOT) return -1;
  const hours = twoDigits(b, start);
  const minutes = twoDigits(b, start + 3);
  const seconds = twoDigits(b, start + 6);
  if (hours > 23 || minutes > 59 || seconds > 59) return -1;
  let i = start + 9;
  let fraction = 0;
  let scale = 100;
  for (; i < n && b[i] !== COMMA; i++) {
    const digit = b[i]! - ZERO;
    if (digit < 0 || digit > 9) return -1;
    fraction += digit * scale;
    scale /= 10;
  }
  if (i === start + 9 || i - start - 9 > 9 || i >= n) return -1;
  const bytesEnd = digitsEnd(b, i + 1);
  if (bytesEnd === i + 1 || bytesEnd - i - 1 > 15 || bytesEnd >= n) return -1;
  const bytes = digitsValue(b, i + 1, bytesEnd);
  let limit = NaN;
  let end = bytesEnd;
  if (b[end] === COMMA) {
    const limitEnd = digitsEnd(b, end + 1);
    if (limitEnd - end - 1 > 15 || limitEnd >= n) return -1;
    if (limitEnd > end + 1) limit = digitsValue(b, end + 1, limitEnd);
    end = limitEnd;
  }
  if (b[end] === RETURN) end += 1;
  if (end >= n || b[end] !== NEWLINE) return -1;
  if (bytes > MAX_MEMORY_BYTES || limit > MAX_MEMORY_BYTES) return -1;
  scanned.clockMs = ((hours * 60 + minutes) * 60 + seconds) * 1000 + fraction;
  scanned.bytes = bytes;
  scanned.limit = limit;
  return end;
}

function twoDigits(b: Uint8Array, at: number): number {
  const high = b[at]! - ZERO;
  const low = b[at + 1]! - ZERO;
  return high >= 0 && high <= 9 && low >= 0 && low <= 9 ? high * 10 + low : 99;
}

function digitsEnd(b: Uint8Array, from: number): number {
  let i = from;
  while (i < b.length && b[i]! >= ZERO && b[i]! <= ZERO + 9) i++;
  return i;
}

function digitsValue(b: Uint8Array, from: number, to: number): number {
  let value = 0;
  for (let i = from; i < to; i++) value = value * 10 + (b[i]! - ZERO);
  return value;
}

/** A whole raw trace held in memory as text. */
export function readRawCsv(text: string, source: string): RecordedTrace {
  const reader = new RawCsvReader(source);
  reader.push(new TextEncoder().encode(text));
  return reader.end();
}
