import fs from 'node:fs';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { MAX_LINE_BYTES, MAX_MEAN_GAP_MS, MAX_MIDNIGHTS, RawCsvReader, readRawCsv } from '../../src/core/raw-csv-reader.js';
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

describe('reading is linear and bounded', () => {
  it('refuses a line longer than any row as soon as it is seen: a 50 MB line costs its first chunk', () => {
    const reader = new RawCsvReader('one-line.csv', 50 * 2 ** 20);
    const chunk = new Uint8Array(1 << 20).fill(0x31);
    let pushed = 0;
    const push = () => {
      for (; pushed < 50; pushed++) reader.push(chunk);
    };
    expect(push).toThrow(`one-line.csv line 1 is longer than any trace row (over ${MAX_LINE_BYTES} bytes without a line break)`);
    expect(pushed).toBe(0);
  });

  it('never carries more than a row between chunks: byte by byte, a long line is refused within its first 257 bytes', () => {
    const reader = new RawCsvReader('drip.csv');
    reader.push(new TextEncoder().encode('09:00:00.000,0\n'));
    let pushed = 0;
    expect(() => {
      for (; pushed < 10_000; pushed++) reader.push(Uint8Array.of(0x39));
    }).toThrow(/drip\.csv line 2 is longer than any trace row/);
    expect(pushed).toBe(MAX_LINE_BYTES);
  });

  it('refuses a long line that does end, naming it, and a long line after good rows', () => {
    expect(() => readRawCsv(`09:00:00.000,0\n09:00:00.001,${'1'.repeat(300)}\n09:00:00.002,0\n`, 'x.csv')).toThrow(
      /x\.csv line 2 is longer than any trace row/,
    );
  });
});

describe('implausible traces', () => {
  const read = (rows: string[]) => readRawCsv(`${rows.join('\n')}\n`, 'c.csv');

  it('refuses a clock that passes midnight more than a week of times (20,000 rows of 20:00/01:00 once priced at $884,736,000)', () => {
    const rows = [
      '20:00:00.000,0',
      ...Array.from({ length: 19_998 }, (_, i) => `${i % 2 ? '20' : '01'}:00:00.000,1048576`),
      '01:00:00.000,0',
    ];
    expect(() => read(rows)).toThrow(`c.csv line ${2 * MAX_MIDNIGHTS + 2} passes midnight for the ${MAX_MIDNIGHTS + 1}th time`);
    // A week of midnights, one sample a minute, is still read.
    const week = ['20:00:00.000,0'];
    for (let day = 0; day < MAX_MIDNIGHTS; day++) {
      for (let minute = 0; minute < 24 * 60; minute++) {
        const at = (20 * 60 + minute + 1) % (24 * 60);
        week.push(`${String(Math.floor(at / 60)).padStart(2, '0')}:${String(at % 60).padStart(2, '0')}:00.000,1048576`);
      }
    }
    week.push('20:00:30.000,0');
    expect(read(week).durationMs).toBe(MAX_MIDNIGHTS * 86_400_000 + 30_000);
  });

  it('refuses a duration longer than its rows allow: more than a minute a row on average', () => {
    expect(() => read(['12:00:00.000,0', '12:00:05.000,1048576', '12:10:00.000,0'])).toThrow(
      'c.csv spans 10 min over 3 rows, more than a minute a row: no sampler writes so few',
    );
    expect(read(['12:00:00.000,0', '12:00:05.000,1048576', '12:02:00.000,0']).durationMs).toBe(MAX_MEAN_GAP_MS * 2);
  });
});

describe("the original testbed's own files", () => {
  const read = (rows: string[]) => readRawCsv(`${rows.join('\n')}\n`, 'o.csv');
  const samples = ['14:23:11.000,0', '14:23:11.400,52428800', '14:23:14.700,104857600', '14:23:15.100,1048576'];

  it('reads a finish row of 00:00:00.000 after a lost container as ending at the last sample, and says so', () => {
    const { trace, durationMs, notes } = read([...samples, '00:00:00.000,0']);
    expect(durationMs).toBe(4100);
    expect(trace.length).toBe(3);
    expect(notes).toEqual([
      "line 5 finishes at 00:00:00.000, as the original's tracer writes when it lost the container; the run is taken to end at its last sample, 14:23:15.100",
    ]);
    // Not the finish when rows follow it.
    expect(() => read([...samples, '00:00:00.000,0', '14:23:15.200,0'])).toThrow(
      'o.csv line 5 goes back in time, from 14:23:15.100 to 00:00:00.000',
    );
    // Within a minute of midnight it is midnight itself.
    expect(read(['23:59:59.000,0', '23:59:59.900,1048576', '00:00:00.000,0'])).toMatchObject({ durationMs: 1000, notes: [] });
  });

  it('reads rows with an empty memory field: left out in the middle, 0 at the edges, each said', () => {
    const { trace, durationMs, notes } = read([
      '14:23:11.000,',
      '14:23:11.400,52428800',
      '14:23:12.000,',
      '14:23:14.700,104857600',
      '14:23:15.000,',
      '14:23:15.300,',
    ]);
    expect(durationMs).toBe(4300);
    expect(Array.from({ length: trace.length }, (_, i) => trace.timeAt(i))).toEqual([400, 3700]);
    expect(notes).toEqual([
      "2 rows have no memory reading (lines 3, 5) and were left out, as rows the original's tracer writes when it could not read the memory",
      'line 1, the start row, has no memory reading; read as 0, as every start row is',
      'line 6, the finish row, has no memory reading; read as 0, as every finish row is',
    ]);
    expect(read([...samples, '14:23:15.300,0']).notes).toEqual([]);
  });
});
