import { expect, it } from 'vitest';
import { failedRunsNote } from '../../src/report/multi-report.js';

it('names each failed run and how it failed, and nothing when every run worked', () => {
  const ok = { exitCode: 0, oomKilled: false };
  expect(failedRunsNote([ok, ok])).toBeUndefined();
  expect(failedRunsNote([ok, { exitCode: 3, oomKilled: false }, { exitCode: 137, oomKilled: true }])).toBe(
    'run 2 exited 3, run 3 was killed for memory. Their rows and the statistics are of the runs as they ran.',
  );
});
