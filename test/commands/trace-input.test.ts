import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli, type CliResult } from '../support/cli.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'functracer-trace-input-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
const cli = (args: string[]) => runCli(args, { env: { FUNCTRACER_CONFIG_DIR: dir }, timeoutMs: 60_000 });
const write = (name: string, rows: string[]) => {
  const file = path.join(dir, name);
  fs.writeFileSync(file, `${rows.join('\n')}\n`);
  return file;
};
const readers = (file: string) => [
  ['cost', '--provider', 'aws-lambda-2020', '--trace', file, '--json'],
  ['plot', file, '--out', path.join(dir, `${path.basename(file)}.svg`)],
  ['hull', '--from', file, '--out', fs.mkdtempSync(path.join(dir, 'out-'))],
];

function expectOneLine(result: CliResult, pattern: RegExp): void {
  expect(result.code, result.stderr).toBe(2);
  const lines = result.stderr.trim().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(pattern);
}

describe('input that once cost minutes or memory', () => {
  it('refuses a 50 MB file of one line at its first line', async () => {
    const file = path.join(dir, 'one-line.csv');
    fs.writeFileSync(file, Buffer.alloc(50 * 2 ** 20, '1'));
    expectOneLine(
      await cli(readers(file)[0]!),
      /one-line\.csv line 1 is longer than any trace row \(over 256 bytes without a line break\)/,
    );
  });

  it('refuses 20,000 rows alternating 20:00 and 01:00 instead of pricing 10,000 midnights', async () => {
    const rows = [
      '20:00:00.000,0',
      ...Array.from({ length: 19_998 }, (_, i) => `${i % 2 ? '20' : '01'}:00:00.000,1048576`),
      '01:00:00.000,0',
    ];
    const file = write('midnights.csv', rows);
    for (const args of readers(file)) expectOneLine(await cli(args), /midnights\.csv line 16 passes midnight for the 8th time/);
  });
});

describe("the original testbed's own traces", () => {
  it('reads a lost finish and rows without a reading, with one note each on stderr, for every command', async () => {
    const file = write('autostats4242-rawresults.csv', [
      '14:23:11.000,0',
      '14:23:11.400,52428800',
      '14:23:12.000,',
      '14:23:14.700,104857600',
      '14:23:15.100,1048576',
      '00:00:00.000,0',
    ]);
    for (const args of readers(file)) {
      const result = await cli(args);
      expect(result.code, result.stderr).toBe(0);
      expect(result.stderr.trim().split('\n')).toEqual([
        `functracer: note: ${file}: line 3 has no memory reading and was left out, as rows the original's tracer writes when it could not read the memory`,
        `functracer: note: ${file}: line 6 finishes at 00:00:00.000, as the original's tracer writes when it lost the container; the run is taken to end at its last sample, 14:23:15.100`,
      ]);
    }
    const priced = JSON.parse((await cli(readers(file)[0]!)).stdout) as { billedDurationMs: number; usedMb: number };
    expect(priced).toMatchObject({ billedDurationMs: 4100, usedMb: 100 });
  });
});
