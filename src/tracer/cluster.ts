/**
 * Many engines behind one door: functracer schedules probes, not functions. A probe is a task that runs
 * functracer's probe image on one node, with that node's engine socket and cgroup files, and traces the function
 * there as a local run would. Docker Swarm is the first cluster (src/tracer/swarm); Kubernetes Jobs can follow
 * behind the same interface without touching the use cases.
 */

/** One machine of the cluster, as its manager sees it. */
export interface ClusterNode {
  id: string;
  hostname: string;
  /** The address it advertises: the one the manager reaches it on. */
  address: string;
  /** Ready and taking work: a node that is down, drained or paused gets no probe. */
  ready: boolean;
  /** The engine socket on that node's host, mounted into its probes. */
  engineSocket: string;
}

/** A host path bound into the probe. */
export interface ProbeMount {
  source: string;
  target: string;
  readOnly: boolean;
}

/** One probe to run: its image and command, pinned to one node. */
export interface ProbeTask {
  /** Unique among this coordinator's tasks; the cluster names its own objects after it. */
  name: string;
  image: string;
  node: ClusterNode;
  args: string[];
  env: Record<string, string>;
  mounts: ProbeMount[];
  /** In its node's own network namespace (an invoke session: the function reaches the probe on the node's 127.0.0.1). */
  hostNetwork?: boolean;
}

/**
 * How a probe ended. `lost` is a node that went down or left with the probe on it: nothing more will come from it.
 * `rejected` is a task the node could not start (no such image, a mount that is not there).
 */
export interface TaskEnd {
  state: 'complete' | 'failed' | 'rejected' | 'lost' | 'cancelled';
  exitCode: number | null;
  /** What the cluster said, for the error line. */
  message: string;
}

/** A probe the cluster took. */
export interface PlacedTask {
  readonly id: string;
  readonly node: ClusterNode;
  /** Resolves once the probe has ended, however it ended; `signal` stops the wait (not the probe). */
  ended(signal?: AbortSignal): Promise<TaskEnd>;
  /** What the probe wrote to stdout, once it has ended. */
  output(): Promise<string>;
  /** Removes the task and everything the cluster made for it; the probe is stopped if it still runs. Idempotent. */
  cancel(): Promise<void>;
}

export interface Cluster {
  readonly kind: 'swarm';
  /** Where the coordinator reaches the cluster, for messages. */
  readonly address: string;
  nodes(): Promise<ClusterNode[]>;
  /** Nodes with a probe of any functracer on them now (this one's or another coordinator's). */
  busyNodes(): Promise<Set<string>>;
  submit(task: ProbeTask): Promise<PlacedTask>;
  /**
   * Starts the probe only as the one probe of any functracer's on its node: when another coordinator took the node
   * at the same moment, the later one withdraws and gets undefined, to try again.
   */
  submitExclusive(task: ProbeTask): Promise<PlacedTask | undefined>;
  /** Removes the probes of coordinators on this host that are gone (killed, crashed); returns how many. */
  removeOrphans(): Promise<number>;
}
