import { grouped } from '../core/units.js';
import type { MultiSettings } from '../ops/multi.js';
import type { SwarmSession } from '../ops/swarm.js';
import { runMultiOnSwarm } from '../ops/swarm-multi.js';
import type { StopSignal } from '../core/errors.js';

/** `multi --on swarm` of a function that runs and exits: the runs spread over the nodes, each run's node on the status line. */
export async function runMultiSwarm(
  session: SwarmSession,
  settings: MultiSettings,
  status: (line: string) => void,
  signal: AbortSignal,
  stoppedBy: () => StopSignal | undefined,
) {
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
}
