import { Interrupted } from '../core/errors.js';
import type { RunResult } from '../tracer/tracer.js';
import type { TraceHooks, TraceSettings } from './run-once.js';
import { runPool } from './run-pool.js';
import type { SwarmSession } from './swarm.js';
import { swarmPlacement } from './swarm-placement.js';
import { NodeRunFailed } from './swarm-run.js';

/** A run the swarm did not bring back: its node was lost twice, or its probe failed before a result. */
export interface LostRun {
  run: number;
  node: string;
  message: string;
}

/** The run the swarm lost with this error, `what` naming it where a run number alone does not (tune's size). */
export function lostRun(run: number, error: NodeRunFailed, what?: string): LostRun {
  const message = `${error.message}. ${error.hint ?? ''}`.trim();
  return { run, node: error.node.hostname, message: what ? `${what}: ${message}` : message };
}

export interface SpreadHooks extends TraceHooks {
  onRunStart?: (index: number) => void;
  /**
   * After each run that came back, in the order they end, with every run back so far; may write files (awaited
   * before the run counts as done).
   */
  onRunDone?: (index: number, result: RunResult, finished: ReadonlyMap<number, RunResult>) => void | Promise<void>;
}

export interface SpreadOutcome {
  /** The runs that came back, by their index. */
  finished: Map<number, RunResult>;
  lost: LostRun[];
  /** The most runs that went at once. */
  mostAtOnce: number;
  /** Stopped before every run came back or was lost. */
  interrupted: boolean;
}

/**
 * `runs` runs of the session's plan spread over the swarm's nodes, up to `parallel` at once: what `multi` and hull
 * training on a swarm share. A lost run is listed, not thrown: the others go on.
 */
export async function spreadRuns(
  session: SwarmSession,
  runs: number,
  settings: TraceSettings,
  hooks: SpreadHooks = {},
): Promise<SpreadOutcome> {
  const { run } = swarmPlacement(session);
  const finished = new Map<number, RunResult>();
  const lost: LostRun[] = [];
  const jobs = Array.from({ length: runs }, (_, index) => ({
    cpus: 0,
    run: async (signal: AbortSignal) => {
      hooks.onRunStart?.(index);
      try {
        const result = await run(session.asked, settings, { signal, ...(hooks.onStatus ? { onStatus: hooks.onStatus } : {}) });
        if (!result.interrupted) finished.set(index, result);
        await hooks.onRunDone?.(index, result, finished);
        return result;
      } catch (error) {
        if (error instanceof Interrupted) return undefined;
        if (error instanceof NodeRunFailed) {
          lost.push(lostRun(index + 1, error));
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
  });
  const interrupted = hooks.signal?.aborted === true || finished.size + lost.length < runs;
  return { finished, lost, mostAtOnce, interrupted };
}

/** The runs that came back, in the runs' order. */
export const inOrder = (finished: ReadonlyMap<number, RunResult>): RunResult[] =>
  [...finished.keys()].sort((a, b) => a - b).map((i) => finished.get(i)!);
