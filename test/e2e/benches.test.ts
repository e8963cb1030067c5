import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

/**
 * The benches that publish the README's figures run for half an hour or more; these run them for seconds and
 * check that they print every figure, each a number, not what the numbers are (this machine is shared and busy).
 */
const run = promisify(execFile);
const bench = (name: string) => path.resolve(import.meta.dirname, `../../dist/test/bench/${name}.js`);

/** console.table's rows as objects of its header's columns, quotes taken off. */
function tableRows(stdout: string): Record<string, string>[] {
  const lines = stdout.split('\n').filter((line) => line.startsWith('│'));
  const cells = (line: string) =>
    line
      .split('│')
      .slice(1, -1)
      .map((cell) => cell.trim().replace(/^'(.*)'$/, '$1'));
  const [header, ...rows] = lines.map(cells);
  return rows.map((row) => Object.fromEntries(header!.map((name, i) => [name, row[i]!])));
}

const number = /^-?\d+(\.\d+)?$/;

describe('the benches, run short', () => {
  it('bench:long prints the process RSS at each reading, and the span after the first minute', async () => {
    const { stdout } = await run(process.execPath, [bench('long'), '--seconds', '6', '--every', '2'], { timeout: 120_000 });
    expect(stdout).toMatch(/^0\.1 min traced, [\d,]+ samples at \d+\/s, on \d+ cores of .+; load average [\d.]+ at the end$/m);
    const rows = tableRows(stdout);
    expect(rows.length).toBeGreaterThanOrEqual(2);
    for (const row of rows) {
      expect(Object.keys(row)).toEqual(['(index)', 'at (s)', 'RSS (MB)', 'CSV (MB)']);
      expect(Number(row['RSS (MB)'])).toBeGreaterThan(20);
      expect(row['CSV (MB)']).toMatch(number);
    }
    expect(stdout).toMatch(/^RSS from the first reading past a minute to the last: [\d.]+ to [\d.]+ MB$/m);
  }, 180_000);

  it('bench:invoke prints the p50 and p95 of event out to response in, over the warm invocations, and the target', async () => {
    const { stdout } = await run(process.execPath, [bench('invoke'), '--events', '20'], { timeout: 120_000 });
    expect(stdout).toMatch(/^19 warm invocations of functracer\/lambda-c, on \d+ cores of .+; load average [\d.]+ before, [\d.]+ after$/m);
    const [row] = tableRows(stdout);
    for (const column of ['p50', 'p95', 'min', 'max']) expect(row![column]).toMatch(number);
    expect(Number(row!.p50)).toBeLessThanOrEqual(Number(row!.p95));
    expect(stdout).toMatch(/^Target: p50 at most 0\.5 ms; (met|missed) here\.$/m);
    expect(stdout).toMatch(
      /^Phase boundaries: their readings came a median [\d.]+ ms after the API events, p95 [\d.]+ ms, at most [\d.]+ ms\.$/m,
    );
  }, 180_000);

  it("bench:observer prints each function's overhead and the CPU beside the C floor, at both intervals", async () => {
    const { stdout } = await run(process.execPath, [bench('observer'), '--pairs', '1'], { timeout: 300_000 });
    expect(stdout).toMatch(/^1 interleaved pairs a case, on \d+ cores of .+; load average [\d.]+ before, [\d.]+ after$/m);
    const rows = tableRows(stdout);
    expect(rows.map((r) => [r.function, r['every ms']])).toEqual([
      ['resize 5 MB', '0.9'],
      ['resize 5 MB', '0.2'],
      ['memshape 4×512M', '0.9'],
      ['memshape 4×512M', '0.2'],
    ]);
    for (const row of rows) {
      for (const column of ['untraced ms', 'traced ms', 'overhead %', 'thread CPU %', 'process CPU %']) expect(row[column]).toMatch(number);
      expect(row['min..max %']).toMatch(/^-?[\d.]+\.\.-?[\d.]+$/);
      // One pair is too few for an interval of the median: it says so.
      expect(row['median 95% %']).toBe('n/a');
      expect(row['C floor %']).toMatch(/^([\d.]+|no cc)$/);
    }
  }, 360_000);
});
