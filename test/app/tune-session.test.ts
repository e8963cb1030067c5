import { describe, expect, it } from 'vitest';
import { TuneSession } from '../../src/app/tune-session.js';
import { planRun } from '../../src/app/run-form.js';
import { scriptedTuneJob } from '../components/support/jobs.js';
import { whenSnapshot } from '../support/snapshots.js';

const plan = planRun('functracer/memshape', { volumes: '', scratchFrom: '', memory: '', args: '0:50' }, undefined, '/fake', {});

describe('TuneSession status', () => {
  it('follows the runs: each run is named as it starts, then said to run once its samples come', async () => {
    const session = new TuneSession(plan.title, scriptedTuneJob(plan, { everyMs: 1 }));
    const seen: string[] = [];
    session.subscribe(() => {
      const status = session.getSnapshot().status;
      if (seen.at(-1) !== status) seen.push(status);
    });
    session.start({ provider: 'aws-lambda-x86', sizes: [512, 1024, 2048], runs: 3 });
    await whenSnapshot(session, (s) => s.phase !== 'running', 'the tuning ends');
    expect(session.getSnapshot().status).toBe('finished');
    for (const mb of [512, 1024, 2048]) {
      for (const run of [1, 2, 3]) {
        const at = seen.indexOf(`${mb} MB: run ${run} of 3, running`);
        expect(at, `${mb} MB run ${run} in ${seen.join(' | ')}`).toBeGreaterThan(0);
        // The tracer's step shows before the samples, and is replaced by them.
        expect(seen[at - 1]).toBe(`${mb} MB: run ${run} of 3, checking image functracer/memshape`);
      }
    }
  });
});
