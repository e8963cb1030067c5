/** One piece of work for the pool: the CPUs it may take, and the work, stopped by the signal it is given. */
export interface PoolJob<T> {
  cpus: number;
  run: (signal: AbortSignal) => Promise<T>;
}

export interface PoolOutcome<T> {
  /** In the jobs' order; a job never started (after a stop) has none. */
  results: (T | undefined)[];
  /** The most jobs that ran at once. */
  mostAtOnce: number;
}

/**
 * Runs the jobs in their order, up to `limit` at once while their CPUs
 * together fit the host's; a job that does not fit waits for one to end, and
 * the first job always runs. Aborting `signal` stops the running jobs and
 * starts no more. A job that fails stops the others, and its error is thrown
 * once they have all ended, so none is left running behind it.
 */
export async function runPool<T>(
  jobs: readonly PoolJob<T>[],
  options: { limit: number; hostCpus: number; signal?: AbortSignal | undefined },
): Promise<PoolOutcome<T>> {
  const stop = new AbortController();
  const forward = () => stop.abort();
  if (options.signal?.aborted) stop.abort();
  options.signal?.addEventListener('abort', forward, { once: true });
  const results: (T | undefined)[] = new Array<T | undefined>(jobs.length).fill(undefined);
  const running = new Map<number, Promise<void>>();
  let cpusInUse = 0;
  let mostAtOnce = 0;
  let failure: { error: unknown } | undefined;
  try {
    for (let next = 0; next < jobs.length && !stop.signal.aborted;) {
      const job = jobs[next]!;
      // A thousandth of a CPU of slack: 0.3 + 0.7 must fit 1.
      const fits = running.size === 0 || (running.size < options.limit && cpusInUse + job.cpus <= options.hostCpus + 1e-3);
      if (!fits) {
        await Promise.race(running.values());
        continue;
      }
      const index = next++;
      cpusInUse += job.cpus;
      const task = job
        .run(stop.signal)
        .then(
          (value) => {
            results[index] = value;
          },
          (error: unknown) => {
            failure ??= { error };
            stop.abort();
          },
        )
        .finally(() => {
          cpusInUse -= job.cpus;
          running.delete(index);
        });
      running.set(index, task);
      mostAtOnce = Math.max(mostAtOnce, running.size);
    }
    await Promise.all(running.values());
  } finally {
    options.signal?.removeEventListener('abort', forward);
  }
  if (failure) throw failure.error;
  return { results, mostAtOnce };
}
