import type { TraceSettings } from './run-once.js';
import { trainingOutcome, type HullShape, type TrainingHooks, type TrainingOutcome } from './hull.js';
import type { SwarmSession } from './swarm.js';
import { inOrder, spreadRuns, type LostRun } from './swarm-spread.js';

export interface SwarmTrainingOutcome extends TrainingOutcome {
  lost: LostRun[];
}

/**
 * Hull training on a swarm: `runs` runs of the session's plan spread over the nodes as `multi --on swarm` spreads
 * them, every sample of each brought back, then folded by the same code as a local training (trainingOutcome), so the
 * hull and uhull are what the same traces give here. A lost run is listed and left out; its absence is not a failure.
 */
export async function trainHullOnSwarm(
  session: SwarmSession,
  request: HullShape & { runs: number },
  settings: TraceSettings,
  hooks: TrainingHooks = {},
): Promise<SwarmTrainingOutcome> {
  const title = session.asked.title;
  const spread = await spreadRuns(
    session,
    request.runs,
    { ...settings, everySample: true },
    {
      ...hooks,
      onRunStart: (index) => hooks.onRunStart?.(index, title),
      onRunDone: (index, result) => hooks.onRunDone?.(index, title, result),
    },
  );
  const results = inOrder(spread.finished);
  return {
    ...trainingOutcome(
      results,
      results.map(() => title),
      request,
      spread.interrupted,
    ),
    lost: spread.lost,
  };
}
