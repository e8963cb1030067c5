import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { MAX_TRACE_BYTES, readRecordedRun } from '../../src/ops/trace-file.js';
import { listTraceFiles } from '../../src/app/file-service.js';

const ROWS = '09:00:00.000,0\n09:00:00.001,4096,8192\n09:00:00.002,0\n';
const RECORD = {
  image: 'functracer/hello',
  args: [],
  startedAt: '2026-12-02T09:00:00.000Z',
  finishedAt: '2026-12-02T09:00:00.002Z',
  durationMs: 2,
  durationSource: 'engine',
  peakBytes: 4096,
  peakSource: 'kernel',
  cpuMs: null,
  exitCode: 0,
  oomKilled: false,
  interrupted: false,
  samples: 1,
};
const isRoot = process.getuid?.() === 0;
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'functracer-planted-'));
let dir: string;
let csv: string;
let record: string;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(root, 'traces-'));
  csv = path.join(dir, 'functracer-20261202-090000-1-1-rawresults.csv');
  record = path.join(dir, 'functracer-20261202-090000-1-1-run.json');
  fs.writeFileSync(csv, ROWS);
});

afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

/** The error's message and hint on one line, as the CLI prints it. */
async function refusal(file = csv): Promise<string> {
  const error = (await readRecordedRun(file).then(
    () => undefined,
    (e: unknown) => e,
  )) as { name: string; message: string; hint?: string } | undefined;
  expect(error?.name).toBe('UserError');
  return `${error!.message}. ${error!.hint ?? ''}`;
}

describe('records and traces that are not what they claim', () => {
  it('reads a plain record of its own', async () => {
    fs.writeFileSync(record, JSON.stringify(RECORD));
    expect((await readRecordedRun(csv)).record?.image).toBe('functracer/hello');
  });

  it('refuses a FIFO as the run record at once, never waiting for a writer', async () => {
    execFileSync('mkfifo', [record]);
    const started = Date.now();
    expect(await refusal()).toContain(`cannot read the run record ${record}: it is a named pipe (FIFO), not a regular file`);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('refuses a FIFO as the trace', async () => {
    fs.rmSync(csv);
    execFileSync('mkfifo', [csv]);
    expect(await refusal()).toMatch(/: it is a named pipe \(FIFO\), not a regular file\. Pass a raw trace CSV/);
  });

  it('refuses a link as the record or the trace, wherever it points', async () => {
    const elsewhere = path.join(root, 'elsewhere.json');
    fs.writeFileSync(elsewhere, JSON.stringify(RECORD));
    fs.symlinkSync(elsewhere, record);
    expect(await refusal()).toContain(`${record}: it is a symbolic link (functracer follows no link it did not make)`);
    fs.rmSync(record);
    const linked = path.join(dir, 'linked-rawresults.csv');
    fs.symlinkSync(csv, linked);
    expect(await refusal(linked)).toContain('it is a symbolic link');
    // /dev/zero as a record was once read for 640 MB.
    const zeroCsv = path.join(dir, 'zero-rawresults.csv');
    fs.writeFileSync(zeroCsv, ROWS);
    fs.symlinkSync('/dev/zero', path.join(dir, 'zero-run.json'));
    expect(await refusal(zeroCsv)).toContain('zero-run.json: it is a symbolic link');
  });

  it.runIf(isRoot)('refuses a device as the record without reading from it', async () => {
    // /dev/zero's numbers: a record that would otherwise be read for ever.
    execFileSync('mknod', [record, 'c', '1', '5']);
    const started = Date.now();
    expect(await refusal()).toContain(`${record}: it is a device, not a regular file`);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('refuses a record over 1 MiB before reading it', async () => {
    fs.writeFileSync(record, JSON.stringify({ ...RECORD, padding: 'x'.repeat(1024 * 1024) }));
    expect(await refusal()).toMatch(/it holds 10\d{5} bytes, more than a run record can \(1048576\)\. Remove .*-run\.json/);
  });

  it('refuses a trace larger than a trace can be, without reading it', async () => {
    const big = path.join(dir, 'big-rawresults.csv');
    fs.writeFileSync(big, ROWS);
    // Sparse: the size is what is judged, before a byte is read.
    fs.truncateSync(big, MAX_TRACE_BYTES + 1);
    const started = Date.now();
    expect(await refusal(big)).toContain(`it holds ${MAX_TRACE_BYTES + 1} bytes, more than a trace can`);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it.runIf(isRoot)("refuses another user's record or trace, and reads root's", async () => {
    fs.writeFileSync(record, JSON.stringify(RECORD));
    fs.chownSync(record, 65534, 65534);
    expect(await refusal()).toContain(`${record}: it belongs to uid 65534, neither you nor root, so functracer does not trust it`);
    fs.chownSync(record, 0, 0);
    fs.chownSync(csv, 65534, 65534);
    expect(await refusal()).toContain(`${csv}: it belongs to uid 65534`);
  });

  it('lists planted files by name alone, without opening them', async () => {
    execFileSync('mkfifo', [record]);
    const fifoTrace = path.join(dir, 'fifo-rawresults.csv');
    execFileSync('mkfifo', [fifoTrace]);
    fs.symlinkSync('/nonexistent', path.join(dir, 'dangling-rawresults.csv'));
    const names = (await listTraceFiles(dir)).map((f) => [f.name, f.run?.image ?? null]);
    expect(names.sort()).toEqual([
      ['dangling-rawresults.csv', null],
      ['fifo-rawresults.csv', null],
      ['functracer-20261202-090000-1-1-rawresults.csv', null],
    ]);
  });
});
