import fs from 'node:fs';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { formatClock, parseClock, RawCsvWriter, readRawCsv } from '../../src/core/raw-csv.js';

/** Written by hand in the original testbed's format: two columns, 0 at both ends, about 11 samples a second. */
const originalCsv = path.resolve(import.meta.dirname, '../fixtures/traces/original-format-rawresults.csv');

function collect(write: (writer: RawCsvWriter) => void, withLimit = true): string {
  const out = new PassThrough();
  const chunks: string[] = [];
  out.on('data', (chunk: Buffer) => chunks.push(chunk.toString()));
  write(new RawCsvWriter(out, withLimit));
  return chunks.join('');
}

describe('raw trace CSV', () => {
  it('formats and parses HH:MM:SS.mmm clocks', () => {
    const at = new Date(2026, 10, 29, 15, 47, 4, 757).getTime();
    expect(formatClock(at + 0.9)).toBe('15:47:04.757');
    expect(parseClock('15:47:04.757')).toBe(((15 * 60 + 47) * 60 + 4) * 1000 + 757);
    expect(parseClock('15:47:04')).toBe(((15 * 60 + 47) * 60 + 4) * 1000);
    expect(parseClock('not a time')).toBeUndefined();
  });

  it('writes start and finish rows around the samples, with the limit column', () => {
    const start = new Date(2026, 10, 29, 10, 0, 0, 0).getTime();
    const text = collect((w) => {
      w.writeBatch(Float64Array.of(start - 5, 1, 2, 0)); // before start: dropped
      w.start(start);
      w.writeBatch(Float64Array.of(start + 1, 4096, 8192, 0, start + 2, 8192, 8192, 0));
      w.finish(start + 3);
      w.writeBatch(Float64Array.of(start + 4, 1, 1, 0)); // after finish: dropped
    });
    expect(text).toBe('10:00:00.000,0\n10:00:00.001,4096,8192\n10:00:00.002,8192,8192\n10:00:00.003,0\n');
  });

  it('round-trips what it writes', () => {
    const start = new Date(2026, 10, 29, 23, 59, 59, 998).getTime();
    const text = collect((w) => {
      w.start(start);
      w.writeBatch(Float64Array.of(start + 1, 100, 200, 0, start + 3, 300, 200, 0));
      w.finish(start + 4);
    });
    const { trace, durationMs } = readRawCsv(text, 'mem');
    expect(durationMs).toBe(4); // across midnight
    expect(trace.length).toBe(2);
    expect([trace.timeAt(1), trace.bytesAt(1), trace.limitAt(1)]).toEqual([3, 300, 200]);
  });

  it("reads a trace in the original testbed's two-column format", () => {
    const { trace, durationMs } = readRawCsv(fs.readFileSync(originalCsv, 'utf8'), originalCsv);
    expect(trace.length).toBe(9);
    expect(trace.peakBytes).toBe(300 * 1024 * 1024);
    expect(durationMs).toBe(805);
    expect(trace.timeAt(0)).toBe(87);
    expect(Number.isNaN(trace.limitAt(0))).toBe(true);
  });

  it('names the file and line of a malformed row', () => {
    expect(() => readRawCsv('10:00:00.000,0\nbad,row\n10:00:01.000,0\n', 'x.csv')).toThrow(/x\.csv line 2 is not/);
    expect(() => readRawCsv('', 'empty.csv')).toThrow(/empty\.csv holds 0 row/);
  });
});
