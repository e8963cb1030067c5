import { describe, expect, it } from 'vitest';
import { formatDat, readDat, type DatRow } from '../../src/core/dat.js';
import { summarize } from '../../src/core/stats.js';

describe('.dat table', () => {
  const rows: DatRow[] = [
    {
      durationMs: 2002.123456,
      usedMb: 1,
      billedMs: 2100,
      allocatedMb: 128,
      totalCost: 4.5759277,
      netCost: 0.2325911,
      overheadCost: 4.3433366,
    },
    { durationMs: 1999.5, usedMb: 130, billedMs: 2000, allocatedMb: 192, totalCost: 6.45, netCost: 4.43, overheadCost: 2.02 },
  ];

  it('writes seven space-separated columns a run and reads them back', () => {
    const text = formatDat(rows);
    expect(text.split('\n')[0]).toBe('2002.123456 1 2100 128 4.5759277 0.2325911 4.3433366');
    expect(readDat(text, 'x.dat')).toEqual(rows);
  });

  it('names the line that is not a row', () => {
    expect(() => readDat('1 2 3\n', 'x.dat')).toThrow('x.dat line 1 does not hold seven numbers: "1 2 3"');
  });
});

describe('summarize', () => {
  it('gives min, median, mean, p95, max and the sample standard deviation', () => {
    const s = summarize([4, 1, 3, 2, 5]);
    expect(s).toMatchObject({ min: 1, median: 3, mean: 3, p95: 4.8, max: 5, stddev: Math.sqrt(2.5) });
    expect(summarize([7]).stddev).toBeNaN();
  });
});
