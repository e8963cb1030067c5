import type { RunPlan } from '../core/run-plan.js';
import type { MultiSettings } from '../ops/multi.js';
import { openSwarm } from '../ops/swarm.js';
import { runMultiOnSwarm } from '../ops/swarm-multi.js';
import type { MultiHooks } from './multi-session.js';

/**
 * The multi-run screen's runs on a swarm (the setting "Multi-runs run on: swarm"): the same use case as
 * `functracer multi --on swarm`, one run a node and as many at once as there are ready nodes. Probes hand a run back
 * only once it ended, so no samples come while it goes; each run's node is in its result.
 */
export async function multiOnSwarm(plan: RunPlan, settings: MultiSettings, swarm: { registry?: string }, hooks: MultiHooks) {
  const session = await openSwarm(plan, { parallel: 1, shareNodes: false, ...swarm }, hooks.onStatus, hooks.signal);
  const outcome = await runMultiOnSwarm({ ...session, options: { ...session.options, parallel: session.nodes.length } }, settings, {
    signal: hooks.signal,
    onStatus: hooks.onStatus,
    onRunStart: hooks.onRunStart,
    onRunDone: (index, result) => hooks.onRunDone(index, result),
    onFiles: hooks.onFiles,
  });
  // A run the swarm lost is left out, as the CLI leaves it out; the screen's last status says how many, and why.
  const [first] = outcome.lost;
  const lost = first ? `${outcome.lost.length} run${outcome.lost.length === 1 ? '' : 's'} lost: ${first.message}` : undefined;
  return { interrupted: outcome.interrupted, hostLoad: null, ...(lost ? { lost } : {}) };
}
