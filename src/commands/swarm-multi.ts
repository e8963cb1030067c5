import { grouped } from '../core/units.js';
import type { RunPlan } from '../core/run-plan.js';
import type { MultiSettings } from '../ops/multi.js';
import { openSwarm, type SwarmOptions } from '../ops/swarm.js';
import { runMultiOnSwarm } from '../ops/swarm-multi.js';
import { statusLine, withStopSignals } from './session.js';

/** `multi --on swarm`: the runs spread over the nodes, with each run's node on the status line. */
export async function runMultiSwarm(plan: RunPlan, settings: MultiSettings, swarm: SwarmOptions, json: boolean) {
  const status = statusLine(!json);
  return withStopSignals(async (signal, stoppedBy) => {
    const session = await openSwarm(plan, swarm, status, signal);
    let done = 0;
    const outcome = await runMultiOnSwarm(session, settings, {
      signal,
      onStatus: status,
      onRunDone: (index, result) => {
        done += 1;
        const mib = (result.peakBytes / 2 ** 20).toFixed(1);
        status(`run ${index + 1} on ${result.node ?? '?'}: ${grouped(result.durationMs)} ms, ${mib} MiB (${done}/${settings.runs} done)`);
      },
    });
    status('');
    return { outcome, stoppedBy: stoppedBy(), nodes: session.nodes.length };
  });
}
