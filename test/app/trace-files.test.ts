import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { listTraceFiles, openTraceFile } from '../../src/app/file-service.js';
import { traceFileLabel } from '../../src/app/present/trace-files.js';

describe('recorded traces on the home screen', () => {
  it('are listed by when they ran and what ran, from the run record beside each', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'functracer-trace-list-'));
    const rows = '09:00:00.000,0\n09:00:00.001,4096,8192\n09:00:00.002,0\n';
    fs.writeFileSync(path.join(dir, 'functracer-20261202-014909-6676-1-rawresults.csv'), rows);
    fs.writeFileSync(
      path.join(dir, 'functracer-20261202-014909-6676-1-run.json'),
      JSON.stringify({
        image: 'functracer/memshape',
        args: ['0:100', '48:1500'],
        startedAt: '2026-12-02T01:49:09.906Z',
        finishedAt: '2026-12-02T01:49:11.513Z',
        durationMs: 2,
        durationSource: 'exec',
        peakBytes: 4096,
        peakSource: 'kernel',
        cpuMs: 1.5,
        exitCode: 0,
        oomKilled: false,
        interrupted: false,
        samples: 1,
      }),
    );
    // A trace from before run records, and one whose record is broken: both still listed, by time and size, the
    // broken record said to be refused.
    fs.writeFileSync(path.join(dir, 'functracer-20261201-120000-1-1-rawresults.csv'), rows);
    fs.writeFileSync(path.join(dir, 'functracer-20261130-080000-1-1-rawresults.csv'), rows);
    fs.writeFileSync(path.join(dir, 'functracer-20261130-080000-1-1-run.json'), '{"image": 3}');
    // multi's table of runs is a CSV too, but no trace: it is left out.
    fs.writeFileSync(path.join(dir, 'functracer-multi-20261130-080000-1-1-results.csv'), 'run,durationMs\n1,2\n');
    const files = await listTraceFiles(dir);
    expect(files.map(traceFileLabel).sort()).toEqual([
      '11-30 08:00:00  under 1 KB  record refused',
      '12-01 12:00:00  under 1 KB',
      '12-02 01:49:09  memshape 0:100 48:1500',
    ]);
  });
});

describe('a recorded trace opened on the trace screen', () => {
  const rows = '09:00:00.000,0\n09:00:00.001,4096,8192\n09:00:00.002,0\n';
  const record = (spec: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
    image: 'functracer/hello',
    args: ['-c', 'id'],
    plan: {
      title: 'functracer/hello -c id',
      spec: { image: 'functracer/hello', args: ['-c', 'id'], env: [], binds: [], networkMode: 'none', ...spec },
    },
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
    ...extra,
  });
  function planted(content: object): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'functracer-planted-record-'));
    const csv = path.join(dir, 'functracer-20261202-090000-1-1-rawresults.csv');
    fs.writeFileSync(csv, rows);
    fs.writeFileSync(path.join(dir, 'functracer-20261202-090000-1-1-run.json'), JSON.stringify(content));
    return csv;
  }

  it("offers the record's run again only as functracer makes it: what it asks for listed, what it must not do refused", async () => {
    const asking = await openTraceFile(planted(record({ networkMode: 'host', entrypoint: ['/bin/sh'] })));
    expect(asking.offer).toEqual({
      plan: {
        title: 'functracer/hello -c id',
        spec: { image: 'functracer/hello', args: ['-c', 'id'], env: [], binds: [], networkMode: 'host', entrypoint: ['/bin/sh'] },
      },
      asks: ["the host's network (it reaches every service on this machine)", 'the entrypoint "/bin/sh", not the image\'s own'],
      record: 'functracer-20261202-090000-1-1-run.json',
    });
    const refused = await openTraceFile(planted(record({ networkMode: 'host', entrypoint: ['/bin/sh'], binds: ['/:/host'] })));
    expect(refused.offer).toMatchObject({
      refused: { message: expect.stringContaining("it mounts /, which is the host's whole file system") },
    });
    // The trace itself is still there to read.
    expect(refused.source.getSnapshot().samples).toBe(1);
  });

  it('refuses a record with keys functracer never writes, naming it', async () => {
    await expect(openTraceFile(planted(record({ Privileged: true })))).rejects.toThrow(
      /-run\.json is not a run record written by functracer run/,
    );
  });
});
