import { describe, expect, it } from 'vitest';
import { runPool, type PoolJob } from '../../src/ops/run-pool.js';

/** Jobs that end when the test says, logging when each starts and ends. */
function gatedJobs(cpus: number[]) {
  const log: string[] = [];
  const gates = cpus.map(() => {
    let resolve!: () => void;
    const promise = new Promise<void>((r) => (resolve = r));
    return { promise, resolve };
  });
  const signals: AbortSignal[] = [];
  const jobs: PoolJob<string>[] = cpus.map((c, i) => ({
    cpus: c,
    run: async (signal) => {
      log.push(`start ${i}`);
      signals[i] = signal;
      await Promise.race([gates[i]!.promise, new Promise((resolve) => signal.addEventListener('abort', resolve))]);
      log.push(`end ${i}`);
      if (signal.aborted) return `stopped ${i}`;
      return `done ${i}`;
    },
  }));
  return { log, gates, jobs, signals };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('runPool', () => {
  it('runs up to the limit at once while the CPUs fit, in order, and waits for a job to end when the next does not fit', async () => {
    const { log, gates, jobs } = gatedJobs([0.5, 0.5, 1.6, 0.2]);
    const pool = runPool(jobs, { limit: 3, hostCpus: 2 });
    await tick();
    // 0.5 + 0.5 fit two cores; 1.6 more does not, nor beside one of them, and 0.2 behind it waits its turn.
    expect(log).toEqual(['start 0', 'start 1']);
    gates[0]!.resolve();
    await tick();
    expect(log).toEqual(['start 0', 'start 1', 'end 0']);
    gates[1]!.resolve();
    await tick();
    // Then 1.6 + 0.2 fit.
    expect(log.slice(3)).toEqual(['end 1', 'start 2', 'start 3']);
    gates[2]!.resolve();
    gates[3]!.resolve();
    const outcome = await pool;
    expect(outcome.results).toEqual(['done 0', 'done 1', 'done 2', 'done 3']);
    expect(outcome.mostAtOnce).toBe(2);
  });

  it('runs a job that needs more than the host alone rather than never', async () => {
    const { gates, jobs, log } = gatedJobs([4, 4]);
    const pool = runPool(jobs, { limit: 2, hostCpus: 2 });
    await tick();
    expect(log).toEqual(['start 0']);
    gates[0]!.resolve();
    gates[1]!.resolve();
    expect((await pool).mostAtOnce).toBe(1);
  });

  it('with a limit of 1 is one job after another', async () => {
    const { gates, jobs } = gatedJobs([0.1, 0.1, 0.1]);
    for (const gate of gates) gate.resolve();
    expect(await runPool(jobs, { limit: 1, hostCpus: 8 })).toEqual({ results: ['done 0', 'done 1', 'done 2'], mostAtOnce: 1 });
  });

  it('a stop ends the running jobs and starts no more', async () => {
    const { log, jobs } = gatedJobs([1, 1, 1]);
    const stop = new AbortController();
    const pool = runPool(jobs, { limit: 2, hostCpus: 2, signal: stop.signal });
    await tick();
    stop.abort();
    const outcome = await pool;
    expect(outcome.results).toEqual(['stopped 0', 'stopped 1', undefined]);
    expect(log).not.toContain('start 2');
  });

  it('a failure stops the others and is thrown only once they have ended', async () => {
    const { log, jobs, signals } = gatedJobs([1, 1]);
    const failing: PoolJob<string> = { cpus: 0, run: () => Promise.reject(new Error('engine gone')) };
    const pool = runPool([...jobs, failing], { limit: 3, hostCpus: 2 });
    await expect(pool).rejects.toThrow('engine gone');
    expect(signals.every((s) => s.aborted)).toBe(true);
    expect(log.filter((l) => l.startsWith('end'))).toHaveLength(2);
  });
});
