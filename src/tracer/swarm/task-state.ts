import type Docker from 'dockerode';
import { answered } from '../engine.js';
import type { ClusterNode, TaskEnd } from '../cluster.js';

/** A swarm task as GET /tasks lists it: only what following one needs. */
interface SwarmTask {
  ID: string;
  ServiceID?: string;
  NodeID?: string;
  Status?: { State?: string; Message?: string; Err?: string; ContainerStatus?: { ExitCode?: number } };
}

const POLL_MS = 250;
/**
 * The node's state is looked at less often than the task's: the manager takes several seconds of missed heartbeats
 * to mark a node down, so a second more changes nothing, and half the calls to a busy manager are saved.
 */
const NODE_LOOK_MS = 1000;
/** A probe not running by then never will: an image that cannot be pulled, a node that cannot take it. */
const START_WITHIN_MS = 5 * 60_000;
/** The manager marks a dead node down after a few missed heartbeats; a task there is lost, never finished. */
const ENDED = new Set(['complete', 'failed', 'rejected', 'shutdown', 'orphaned', 'remove']);
const STARTED = new Set(['running', ...ENDED]);

/**
 * Polls the service's one task until it has ended, its node is down or gone, or it stayed unstarted too long.
 * Every call to the manager has its own deadline (see `answered`), so a silent manager ends the wait as well.
 */
export async function followTask(
  docker: Docker,
  serviceId: string,
  nodeId: string,
  nodes: () => Promise<ClusterNode[]>,
  signal?: AbortSignal,
): Promise<TaskEnd> {
  const submittedAt = Date.now();
  let started = false;
  let nodeSeenAt = submittedAt;
  for (;;) {
    if (signal?.aborted) return { state: 'cancelled', exitCode: null, message: 'stopped' };
    const tasks = (await answered('the probe task', (o) => docker.listTasks({ ...o, filters: { service: [serviceId] } }))) as SwarmTask[];
    const task = tasks[0];
    const state = task?.Status?.State ?? 'new';
    started ||= STARTED.has(state);
    if (ENDED.has(state)) return endOf(state, task!);
    if (Date.now() - nodeSeenAt >= NODE_LOOK_MS) {
      nodeSeenAt = Date.now();
      const node = (await nodes()).find((n) => n.id === nodeId);
      if (!node?.ready) return { state: 'lost', exitCode: null, message: `node ${node?.hostname ?? nodeId} is down or left the swarm` };
    }
    if (!started && Date.now() - submittedAt > START_WITHIN_MS) {
      return {
        state: 'rejected',
        exitCode: null,
        message: `${task?.Status?.Message ?? state}: not started within ${START_WITHIN_MS / 60_000} min`,
      };
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

function endOf(state: string, task: SwarmTask): TaskEnd {
  const exitCode = task.Status?.ContainerStatus?.ExitCode ?? null;
  const message = [task.Status?.Message, task.Status?.Err].filter(Boolean).join(': ');
  if (state === 'complete') return { state: 'complete', exitCode: exitCode ?? 0, message };
  if (state === 'rejected') return { state: 'rejected', exitCode, message };
  if (state === 'orphaned') return { state: 'lost', exitCode, message };
  return { state: 'failed', exitCode, message };
}
