import { UserError } from './errors.js';
import { Trace } from './trace.js';

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
/** No machine a function runs on has more; a larger figure is a corrupt row, not memory. */
const MAX_MEMORY_BYTES = 16 * 2 ** 40;

const NEWLINE = 0x0a;
const RETURN = 0x0d;
const COMMA = 0x2c;
const COLON = 0x3a;
const DOT = 0x2e;
const ZERO = 0x30;

export interface RecordedTrace {
  /** Sample times in ms since the start row; the start and finish rows are not samples. */
  trace: Trace;
  /** From the start row to the finish row, ms. */
  durationMs: number;
  /** What the start and finish rows hold: 0 in every file functracer or the original wrote; the hull counts both rows. */
  edgeBytes: [number, number];
}

interface Row {
  clockMs: number;
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
  private trace: Trace;
  private originMs = NaN;
  private startBytes = 0;
  /** The latest row, held back until the next one shows it was not the finish row. */
  private held: { atMs: number; bytes: number; limit: number } | undefined;
  private previousClockMs = NaN;
  private dayOffsetMs = 0;

  private bytesSeen = 0;

  constructor(
    private readonly source: string,
    /** The file's size, when known: the first chunk's rows then tell how many the whole file holds. */
    private readonly totalBytes?: number,
  ) {
    this.trace = new Trace();
  }

  push(chunk: Uint8Array): void {
    const first = this.bytesSeen === 0;
    this.bytesSeen += chunk.length;
    this.parse(chunk);
    if (first && this.totalBytes && this.rows > 0) this.trace.reserve((this.totalBytes / this.bytesSeen) * this.rows * 1.05);
  }

  private parse(chunk: Uint8Array): void {
    let data = chunk;
    if (this.carry) {
      data = new Uint8Array(this.carry.length + chunk.length);
      data.set(this.carry);
      data.set(chunk, this.carry.length);
      this.carry = undefined;
    }
    let start = 0;
    for (let end = data.indexOf(NEWLINE); end >= 0; end = data.indexOf(NEWLINE, start)) {
      this.line(data, start, end);
      start = end + 1;
    }
    if (start < data.length) this.carry = data.slice(start);
  }

  end(): RecordedTrace {
    if (this.carry) {
      const rest = this.carry;
      this.carry = undefined;
      this.line(rest, 0, rest.length);
    }
    if (this.rows < 2) {
      throw new UserError(`${this.source} holds ${this.rows} row(s), not a trace`, 'A raw trace has a start row, samples and a finish row');
    }
    const finish = this.held!;
    return { trace: this.trace, durationMs: finish.atMs, edgeBytes: [this.startBytes, finish.bytes] };
  }

  private line(data: Uint8Array, start: number, end: number): void {
    this.lineNumber += 1;
    const stop = end > start && data[end - 1] === RETURN ? end - 1 : end;
    if (stop === start) return;
    const row = parseFast(data, start, stop) ?? this.parseSlow(new TextDecoder().decode(data.subarray(start, stop)));
    if (row) this.accept(row);
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
    return { clockMs, bytes: this.memory(fields[1]!, 'bytes'), limit: fields[2] ? this.memory(fields[2], 'limit') : NaN };
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

  private accept(row: Row): void {
    const previous = this.previousClockMs;
    if (row.clockMs < previous) {
      // Only a clock passing midnight goes back: from the evening to the morning.
      if (previous >= 18 * HOUR_MS && row.clockMs < 6 * HOUR_MS) this.dayOffsetMs += DAY_MS;
      else {
        throw this.error(
          `goes back in time, from ${clockText(previous)} to ${clockText(row.clockMs)}`,
          'Rows must be in time order; a step back is read as midnight only from evening to morning',
        );
      }
    }
    this.previousClockMs = row.clockMs;
    const at = row.clockMs + this.dayOffsetMs;
    this.rows += 1;
    if (this.rows === 1) {
      this.originMs = at;
      this.startBytes = row.bytes;
      return;
    }
    const held = this.held;
    if (held) this.trace.append(held.atMs, held.bytes, held.limit);
    this.held = { atMs: at - this.originMs, bytes: row.bytes, limit: row.limit };
  }

  private error(what: string, hint: string): UserError {
    return new UserError(`${this.source} line ${this.lineNumber} ${what}`, hint);
  }
}

const CLOCK = /^(\d{1,2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?$/;

function clockText(ms: number): string {
  const pad = (n: number, width = 2) => String(Math.floor(n)).padStart(width, '0');
  return `${pad(ms / HOUR_MS)}:${pad((ms / 60_000) % 60)}:${pad((ms / 1000) % 60)}.${pad(ms % 1000, 3)}`;
}

/** `HH:MM:SS.f,digits[,digits]` straight from the bytes; undefined for anything else, which the text parser then judges. */
function parseFast(b: Uint8Array, start: number, stop: number): Row | undefined {
  if (stop - start < 11 || b[start + 2] !== COLON || b[start + 5] !== COLON || b[start + 8] !== DOT) return undefined;
  const hours = twoDigits(b, start);
  const minutes = twoDigits(b, start + 3);
  const seconds = twoDigits(b, start + 6);
  if (hours > 23 || minutes > 59 || seconds > 59) return undefined;
  let i = start + 9;
  let fraction = 0;
  let scale = 100;
  const fractionStart = i;
  for (; i < stop && b[i] !== COMMA; i++) {
    const digit = b[i]! - ZERO;
    if (digit < 0 || digit > 9) return undefined;
    fraction += digit * scale;
    scale /= 10;
  }
  if (i === fractionStart || i - fractionStart > 9 || i === stop) return undefined;
  const bytesEnd = digitsEnd(b, i + 1, stop);
  if (bytesEnd === i + 1 || bytesEnd - i - 1 > 15) return undefined;
  const bytes = digitsValue(b, i + 1, bytesEnd);
  let limit = NaN;
  if (bytesEnd < stop) {
    if (b[bytesEnd] !== COMMA) return undefined;
    const limitEnd = digitsEnd(b, bytesEnd + 1, stop);
    if (limitEnd !== stop || limitEnd - bytesEnd - 1 > 15) return undefined;
    if (limitEnd > bytesEnd + 1) limit = digitsValue(b, bytesEnd + 1, limitEnd);
  }
  if (bytes > MAX_MEMORY_BYTES || limit > MAX_MEMORY_BYTES) return undefined;
  return { clockMs: ((hours * 60 + minutes) * 60 + seconds) * 1000 + fraction, bytes, limit };
}

function twoDigits(b: Uint8Array, at: number): number {
  const high = b[at]! - ZERO;
  const low = b[at + 1]! - ZERO;
  return high >= 0 && high <= 9 && low >= 0 && low <= 9 ? high * 10 + low : 99;
}

function digitsEnd(b: Uint8Array, from: number, stop: number): number {
  let i = from;
  while (i < stop && b[i]! >= ZERO && b[i]! <= ZERO + 9) i++;
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
