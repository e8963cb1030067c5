import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { listTraceFiles } from '../../src/app/file-service.js';
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
    // A trace from before run records, and one whose record is broken: both still listed, by time and size.
    fs.writeFileSync(path.join(dir, 'functracer-20261201-120000-1-1-rawresults.csv'), rows);
    fs.writeFileSync(path.join(dir, 'functracer-20261130-080000-1-1-rawresults.csv'), rows);
    fs.writeFileSync(path.join(dir, 'functracer-20261130-080000-1-1-run.json'), '{"image": 3}');
    // multi's table of runs is a CSV too, but no trace: it is left out.
    fs.writeFileSync(path.join(dir, 'functracer-multi-20261130-080000-1-1-results.csv'), 'run,durationMs\n1,2\n');
    const files = await listTraceFiles(dir);
    expect(files.map(traceFileLabel).sort()).toEqual([
      '11-30 08:00:00  0 KB',
      '12-01 12:00:00  0 KB',
      '12-02 01:49:09  memshape 0:100 48:1500',
    ]);
  });
});
