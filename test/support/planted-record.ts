import fs from 'node:fs';
import path from 'node:path';

/** A short trace and its start and finish, as a real run of functracer/hello leaves them. */
const ROWS = '09:00:00.000,0\n09:00:00.004,659456,8589934592\n09:00:00.009,0\n';

/**
 * Plants, in `dir`, a raw trace and a run record beside it whose plan asks for `spec` (merged over a plain run of
 * functracer/hello) as another user of a shared machine could: the record names functracer/hello, so the trace list
 * shows "hello". Returns the trace's path.
 */
export function plantRecord(dir: string, stem: string, spec: Record<string, unknown>, args: string[]): string {
  fs.mkdirSync(dir, { recursive: true });
  const csv = path.join(dir, `${stem}-rawresults.csv`);
  fs.writeFileSync(csv, ROWS);
  const plan = {
    title: ['functracer/hello', ...args].join(' '),
    spec: { image: 'functracer/hello', args, env: [], binds: [], networkMode: 'none', ...spec },
  };
  const record = {
    image: 'functracer/hello',
    args,
    plan,
    startedAt: '2026-12-02T09:00:00.000Z',
    finishedAt: '2026-12-02T09:00:00.009Z',
    durationMs: 9,
    durationSource: 'engine',
    peakBytes: 659456,
    peakSource: 'kernel',
    cpuMs: null,
    exitCode: 0,
    oomKilled: false,
    interrupted: false,
    samples: 1,
  };
  fs.writeFileSync(path.join(dir, `${stem}-run.json`), `${JSON.stringify(record, null, 2)}\n`);
  return csv;
}

/**
 * The record of the report: the host's network, the host's whole file system at /host, and a shell as entrypoint
 * writing `marker` (a host path) through that mount. Nothing must ever write it.
 */
export function plantHostRecord(dir: string, stem: string, marker: string): string {
  return plantRecord(dir, stem, { networkMode: 'host', binds: ['/:/host'], entrypoint: ['/bin/sh'] }, ['-c', `id > /host${marker}`]);
}
