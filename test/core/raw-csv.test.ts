import fs from 'node:fs';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { RawCsvReader, readRawCsv } from '../../src/core/raw-csv-reader.js';
import { formatClock, RawCsvWriter } from '../../src/core/raw-csv.js';

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
  it('formats HH:MM:SS.mmm clocks', () => {
    const at = new Date(2026, 10, 29, 15, 47, 4, 757).getTime();
    expect(formatClock(at + 0.9)).toBe('15:47:04.757');
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

describe('strict raw trace files', () => {
  const read = (rows: string[]) => readRawCsv(`${rows.join('\n')}\n`, 'b.csv');

  it('reads a clock that wraps at midnight as the next day', () => {
    const { trace, durationMs } = read(['23:59:59.900,0', '23:59:59.950,1048576', '00:00:00.100,2097152', '00:00:00.300,0']);
    expect(durationMs).toBe(400);
    expect([trace.timeAt(0), trace.timeAt(1)]).toEqual([50, 200]);
  });

  it('refuses any other step back, naming the line', () => {
    const rows = ['12:00:00.000,0', '12:00:00.100,1048576', '12:00:02.300,2097152', '12:00:00.400,3145728', '12:00:02.500,0'];
    expect(() => read(rows)).toThrow('b.csv line 4 goes back in time, from 12:00:02.300 to 12:00:00.400');
    // Early afternoon to morning is not midnight either.
    expect(() => read(['13:00:00.000,0', '02:00:00.000,0'])).toThrow(/line 2 goes back in time/);
  });

  it('refuses clocks that are not a time of day', () => {
    expect(() => read(['12:00:00.000,0', '25:99:99.117,1', '12:00:01.000,0'])).toThrow(
      'b.csv line 2 has the clock 25:99:99.117, which is not a time of day',
    );
    expect(() => read(['12:00:00.000,0', '12:60:00.000,1'])).toThrow(/line 2 has the clock 12:60:00.000/);
    expect(() => read(['12:00:00.000,0', '12:00:60.000,1'])).toThrow(/line 2 has the clock 12:00:60.000/);
  });

  it('refuses values that cannot be memory, naming the line', () => {
    expect(() => read(['12:00:00.000,0', '12:00:00.100,-5', '12:00:00.200,0'])).toThrow(
      'b.csv line 2 has the bytes -5, which is not a memory size',
    );
    expect(() => read(['12:00:00.000,0', '12:00:00.100,1.5'])).toThrow(/line 2 has the bytes 1.5/);
    expect(() => read(['12:00:00.000,0', '12:00:00.100,17592186044417'])).toThrow(/line 2 has the bytes 17592186044417/);
    expect(() => read(['12:00:00.000,0', '12:00:00.100,1,abc'])).toThrow(/line 2 has the limit abc/);
    expect(() => read(['12:00:00.000,0', '12:00:00.100,1,2,3'])).toThrow(/line 2 is not "HH:MM:SS.mmm,bytes\[,limit\]"/);
  });

  it('refuses a start or finish row that is not 0, naming its line', () => {
    expect(() => read(['12:00:00.000,5', '12:00:00.100,1', '12:00:00.200,0'])).toThrow(
      'b.csv line 1 is the start row but holds 5 bytes, not 0',
    );
    // A cut file's last sample is not a finish row; blank lines after it do not move the line named.
    expect(() => read(['12:00:00.000,0', '12:00:00.100,1048576', '12:00:00.200,700000000', '', ''])).toThrow(
      'b.csv line 3 is the finish row but holds 700000000 bytes, not 0',
    );
  });

  it('reads spaces, CR LF, short clocks and any chunking the same as the plain form', () => {
    const plain = '09:00:00.000,0\n09:00:00.005,4096,8192\n09:00:00.017,8192,\n09:00:00.020,0\n';
    const loose = '9:00:00,0\r\n 09:00:00.005 , 4096 , 8192\r\n\r\n09:00:00.017,8192,\r\n09:00:00.02,0';
    const columns = (text: string, chunk: number) => {
      const reader = new RawCsvReader('x.csv');
      const bytes = new TextEncoder().encode(text);
      for (let i = 0; i < bytes.length; i += chunk) reader.push(bytes.subarray(i, i + chunk));
      const { trace, durationMs } = reader.end();
      const rows = Array.from({ length: trace.length }, (_, i) => [trace.timeAt(i), trace.bytesAt(i), trace.limitAt(i)]);
      return { rows, durationMs };
    };
    const expected = columns(plain, 1 << 20);
    expect(expected).toEqual({
      rows: [
        [5, 4096, 8192],
        [17, 8192, NaN],
      ],
      durationMs: 20,
    });
    for (const chunk of [1, 3, 7, 64]) {
      expect(columns(plain, chunk)).toEqual(expected);
      expect(columns(loose, chunk)).toEqual(expected);
    }
  });
});
