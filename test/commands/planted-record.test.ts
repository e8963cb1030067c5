import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli, type CliResult } from '../support/cli.js';
import { plantHostRecord, plantRecord } from '../support/planted-record.js';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'functracer-planted-cli-'));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));
const cli = (args: string[]) => runCli(args, { env: { FUNCTRACER_CONFIG_DIR: root }, timeoutMs: 30_000 });
const READERS = (csv: string, out: string) => [
  ['cost', '--provider', 'aws-lambda-2020', '--trace', csv],
  ['plot', csv, '--out', path.join(out, 'plot.svg')],
  ['hull', '--from', csv, '--out', out],
];

function expectOneLine(result: CliResult, pattern: RegExp): void {
  expect(result.code, result.stderr).toBe(2);
  const lines = result.stderr.trim().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(pattern);
}

describe('the CLI and a run record planted beside a trace', () => {
  it('reads only the figures of a record that asks for the host: cost, plot and hull --from run nothing', async () => {
    const dir = fs.mkdtempSync(path.join(root, 'traces-'));
    const marker = path.join(root, 'written-through-host');
    const csv = plantHostRecord(dir, 'functracer-20261202-090000-1-1', marker);
    for (const args of READERS(csv, dir)) {
      const result = await cli(args);
      expect(result.code, `${args.join(' ')}: ${result.stderr}`).toBe(0);
    }
    expect(fs.existsSync(marker)).toBe(false);
  });

  it('refuses a record with a key functracer never writes, for every command that reads it', async () => {
    const dir = fs.mkdtempSync(path.join(root, 'traces-'));
    const csv = plantRecord(dir, 'functracer-20261202-090000-1-1', { Privileged: true }, []);
    for (const args of READERS(csv, dir)) {
      expectOneLine(await cli(args), /-run\.json is not a run record written by functracer run\. Remove .* to read the trace/);
    }
  });

  it('refuses a FIFO as the record at once (cost --trace once hung on it), and a link to /dev/zero', async () => {
    const dir = fs.mkdtempSync(path.join(root, 'traces-'));
    const csv = plantRecord(dir, 'functracer-20261202-090000-1-1', {}, []);
    const record = csv.replace('-rawresults.csv', '-run.json');
    fs.rmSync(record);
    execFileSync('mkfifo', [record]);
    for (const args of READERS(csv, dir)) {
      expectOneLine(await cli(args), /cannot read the run record .*-run\.json: it is a named pipe \(FIFO\), not a regular file/);
    }
    fs.rmSync(record);
    fs.symlinkSync('/dev/zero', record);
    expectOneLine(await cli(READERS(csv, dir)[0]!), /-run\.json: it is a symbolic link \(functracer follows no link it did not make\)/);
  });
});
