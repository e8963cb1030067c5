import { join } from 'node:path';
import { formatDat } from '../core/dat.js';
import { Interrupted, isUserError } from '../core/errors.js';
import { replaceFiles } from '../infra/atomic-write.js';
import { checkOutDir } from '../infra/out-dir.js';
import { newRunId, type RunResult } from '../tracer/tracer.js';
import { multiCsv, multiTable, type MultiOutcome, type MultiSettings, type RunMultiHooks } from './multi.js';
import { runPool } from './run-pool.js';
import type { SwarmSession } from './swarm.js';
import { swarmRunner } from './swarm-placement.js';
import { NodeRunFailed } from './swarm-run.js';

/** A run the swarm did not bring back: its node was lost twice, or its probe failed before a result. */
export interface LostRun {
  run: number;
  node: string;
  message: string;
}

export interface SwarmMultiOutcome extends MultiOutcome {
  lost: LostRun[];
  /** The most runs that went at once. */
  mostAtOnce: number;
}

/**
 * `multi --on swarm`: the N runs spread over the swarm's nodes, up to `parallel` at once, into the same files as a
 * local multi (the .dat and CSV rewritten after every run, in the runs' order, each raw trace and record beside
 * them). A run that is lost is reported and left out of the table; the others go on.
 */
export async function runMultiOnSwarm(
  session: SwarmSession,
  settings: MultiSettings,
  hooks: RunMultiHooks = {},
): Promise<SwarmMultiOutcome> {
  checkOutDir(settings.outDir);
  const name = `functracer-multi-${newRunId()}`;
  const files = { dat: join(settings.outDir, `${name}-results.dat`), csv: join(settings.outDir, `${name}-results.csv`) };
  const run = swarmRunner(session);
  const finished = new Map<number, RunResult>();
  const lost: LostRun[] = [];
  let table = multiTable([], settings.pricing, settings.provider);
  let written = false;
  const jobs = Array.from({ length: settings.runs }, (_, index) => ({
    cpus: 0,
    run: async (signal: AbortSignal) => {
      hooks.onRunStart?.(index);
      try {
        const result = await run(session.asked, settings, { signal, ...(hooks.onStatus ? { onStatus: hooks.onStatus } : {}) });
        if (!result.interrupted) {
          finished.set(index, result);
          const inOrder = [...finished.keys()].sort((a, b) => a - b).map((i) => finished.get(i)!);
          table = multiTable(inOrder, settings.pricing, settings.provider);
          if (table.rows.length > 0) {
            await replaceFiles([
              { path: files.dat, data: formatDat(table.rows) },
              { path: files.csv, data: multiCsv(inOrder, table.rows) },
            ]);
            written = true;
            hooks.onFiles?.(files);
          }
        }
        hooks.onRunDone?.(index, result, table);
        return result;
      } catch (error) {
        if (error instanceof Interrupted) return undefined;
        if (error instanceof NodeRunFailed) {
          lost.push({ run: index + 1, node: error.node.hostname, message: `${error.message}. ${error.hint ?? ''}`.trim() });
          return undefined;
        }
        throw error;
      }
    },
  }));
  const { mostAtOnce } = await runPool(jobs, {
    limit: session.options.parallel,
    hostCpus: Number.POSITIVE_INFINITY,
    ...(hooks.signal ? { signal: hooks.signal } : {}),
  }).catch((error: unknown) => {
    if (isUserError(error) && written) error.message += `; ${files.dat} and its .csv hold the runs before it`;
    throw error;
  });
  const results = [...finished.keys()].sort((a, b) => a - b).map((i) => finished.get(i)!);
  const interrupted = hooks.signal?.aborted === true || results.length + lost.length < settings.runs;
  return { name, results, table, ...(written ? { files } : {}), interrupted, hostLoad: null, lost, mostAtOnce };
}
