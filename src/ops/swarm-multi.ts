import { join } from 'node:path';
import { formatDat } from '../core/dat.js';
import { isUserError } from '../core/errors.js';
import { replaceFiles } from '../infra/atomic-write.js';
import { checkOutDir } from '../infra/out-dir.js';
import { newRunId } from '../tracer/tracer.js';
import { multiCsv, multiTable, type MultiOutcome, type MultiSettings, type RunMultiHooks } from './multi.js';
import type { SwarmSession } from './swarm.js';
import { inOrder, spreadRuns, type LostRun } from './swarm-spread.js';

export type { LostRun } from './swarm-spread.js';

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
  let table = multiTable([], settings.pricing, settings.provider);
  let written = false;
  const spread = await spreadRuns(session, settings.runs, settings, {
    ...(hooks.signal ? { signal: hooks.signal } : {}),
    ...(hooks.onStatus ? { onStatus: hooks.onStatus } : {}),
    onRunStart: (index) => hooks.onRunStart?.(index),
    onRunDone: async (index, result, finished) => {
      const runs = inOrder(finished);
      table = multiTable(runs, settings.pricing, settings.provider);
      if (!result.interrupted && table.rows.length > 0) {
        await replaceFiles([
          { path: files.dat, data: formatDat(table.rows) },
          { path: files.csv, data: multiCsv(runs, table.rows) },
        ]);
        written = true;
        hooks.onFiles?.(files);
      }
      hooks.onRunDone?.(index, result, table);
    },
  }).catch((error: unknown) => {
    if (isUserError(error) && written) error.message += `; ${files.dat} and its .csv hold the runs before it`;
    throw error;
  });
  const { lost, mostAtOnce, interrupted } = spread;
  const results = inOrder(spread.finished);
  return { name, results, table, ...(written ? { files } : {}), interrupted, hostLoad: null, lost, mostAtOnce };
}
