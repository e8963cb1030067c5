import { Interrupted, UserError } from '../core/errors.js';
import type { RunPlan } from '../core/run-plan.js';
import type { ClusterNode } from '../tracer/cluster.js';
import type { RunResult } from '../tracer/tracer.js';
import type { TraceHooks, TraceSettings } from './run-once.js';
import type { SwarmSession } from './swarm.js';
import { NodeRunFailed, NodeTaken, runOnNode, type NodeRunOptions } from './swarm-run.js';
import { invokeOnNode } from './swarm-invoke.js';
import type { InvokeRequest, InvokeResult } from './invoke.js';

/** How often a run waiting for a free node looks again, and how long it waits while no node is ready at all. */
const LOOK_MS = 1000;
const NO_NODE_MS = 60_000;
/** How long a run waits while every ready node is taken by other coordinators' runs (its own end by their deadlines). */
export const OTHERS_BUSY_MS = 30 * 60_000;

/** One traced run of a plan, wherever the placement puts it: the swarm's counterpart of runOnce. */
export type PlacedRunner = (plan: RunPlan, settings: TraceSettings, hooks?: TraceHooks) => Promise<RunResult>;
/** One invoke session, wherever the placement puts it: the swarm's counterpart of invokeFunction. */
export type PlacedInvoker = (request: Omit<InvokeRequest, 'autotune'>, hooks?: TraceHooks) => Promise<InvokeResult>;

/**
 * Places runs on the swarm's nodes. Unless `shareNodes`, a run goes only to a node with no functracer probe on it
 * (this coordinator's or another's), so no two measurements disturb each other; with it, to the node with the
 * fewest of this coordinator's runs. A run whose node is lost is run again once, on another node; a second loss,
 * or a probe that failed on its own, is the run's error.
 */
export function swarmPlacement(session: SwarmSession): { run: PlacedRunner; invoke: PlacedInvoker } {
  const ours = new Map<string, number>();
  // Every run waiting for a node wakes when one is released, not only the last to wait.
  const waiting = new Set<() => void>();
  const freed = () => new Promise<void>((resolve) => waiting.add(resolve));

  const acquire = async (avoid: Set<string>, hooks: TraceHooks): Promise<ClusterNode> => {
    let noneReadySince: number | undefined;
    let othersBusySince: number | undefined;
    for (;;) {
      if (hooks.signal?.aborted) throw new Interrupted('SIGINT', 'stopped while waiting for a free node');
      const ready = (await session.cluster.nodes()).filter((n) => n.ready && !avoid.has(n.id));
      const busy = session.options.shareNodes ? new Set<string>() : await session.cluster.busyNodes();
      const free = ready.filter((n) => !busy.has(n.id) && (session.options.shareNodes || !ours.get(n.id)));
      const node = free.sort((a, b) => (ours.get(a.id) ?? 0) - (ours.get(b.id) ?? 0))[0];
      if (node) {
        ours.set(node.id, (ours.get(node.id) ?? 0) + 1);
        return node;
      }
      noneReadySince = ready.length > 0 ? undefined : (noneReadySince ?? Date.now());
      if (noneReadySince !== undefined && Date.now() - noneReadySince > NO_NODE_MS) {
        throw new UserError(
          `no node of the swarm was ready for ${NO_NODE_MS / 1000} s`,
          'See docker node ls, and functracer doctor --on swarm',
        );
      }
      // Waiting on this coordinator's own runs ends with them; waiting on others' has a bound of its own.
      const othersOnly = ready.length > 0 && ready.every((n) => !ours.get(n.id));
      if (othersOnly && othersBusySince === undefined) {
        hooks.onStatus?.(`waiting for a node: all ${ready.length} ready are busy with another functracer's runs`);
      }
      othersBusySince = othersOnly ? (othersBusySince ?? Date.now()) : undefined;
      if (othersBusySince !== undefined && Date.now() - othersBusySince > OTHERS_BUSY_MS) {
        throw new UserError(
          `every ready node of the swarm stayed busy with another functracer's runs for ${OTHERS_BUSY_MS / 60_000} min`,
          'Try again once they end (docker service ls), or add --share-nodes',
        );
      }
      await Promise.race([freed(), new Promise((resolve) => setTimeout(resolve, LOOK_MS))]);
    }
  };
  const release = (node: ClusterNode) => {
    ours.set(node.id, (ours.get(node.id) ?? 1) - 1);
    for (const wake of waiting) wake();
    waiting.clear();
  };

  /** The work on a node of the placement's choosing, retried once elsewhere when its node is lost. */
  const placed = async <T>(work: (node: ClusterNode) => Promise<T>, hooks: TraceHooks): Promise<T> => {
    const avoid = new Set<string>();
    for (let attempt = 1; ; attempt++) {
      const node = await acquire(avoid, hooks);
      try {
        return await work(node);
      } catch (error) {
        // Lost a race for the node to another coordinator: not an attempt; look again once that one's run is on.
        if (error instanceof NodeTaken) {
          attempt -= 1;
          await new Promise((resolve) => setTimeout(resolve, LOOK_MS));
          continue;
        }
        if (!(error instanceof NodeRunFailed) || !error.retry || attempt > 1) throw error;
        hooks.onStatus?.(`${error.message}; running it again on another node`);
        avoid.add(node.id);
      } finally {
        release(node);
      }
    }
  };
  const optionsFor = (outDir: string, intervalMs: number | undefined, hooks: TraceHooks): NodeRunOptions => ({
    exclusive: !session.options.shareNodes,
    probeImage: session.probeImage,
    outDir,
    ...(intervalMs ? { intervalMs } : {}),
    ...(hooks.signal ? { signal: hooks.signal } : {}),
    ...(hooks.onStatus ? { onStatus: hooks.onStatus } : {}),
  });

  // A plan comes in under the user's image name (tune sets its limits on it); nodes pull it under the session's.
  return {
    run: (asked, settings, hooks = {}) =>
      placed(
        (node) =>
          runOnNode(session.cluster, node, withImage(asked, session.plan.spec.image), {
            ...optionsFor(settings.outDir, settings.intervalMs, hooks),
            asked,
          }),
        hooks,
      ),
    invoke: (request, hooks = {}) =>
      placed(
        (node) =>
          invokeOnNode(
            session.cluster,
            node,
            { ...request, plan: withImage(request.plan, session.plan.spec.image) },
            { ...optionsFor(request.trace.outDir, request.trace.intervalMs, hooks), askedImage: request.plan.spec.image },
          ),
        hooks,
      ),
  };
}

function withImage(plan: RunPlan, image: string): RunPlan {
  return { ...plan, spec: { ...plan.spec, image } };
}
