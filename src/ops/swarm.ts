import type Docker from 'dockerode';
import { UserError } from '../core/errors.js';
import type { RunPlan } from '../core/run-plan.js';
import type { Cluster, ClusterNode } from '../tracer/cluster.js';
import { connectEngine, engineAddress } from '../tracer/engine.js';
import { dockerRuntime } from '../tracer/docker-runtime.js';
import { ensureProbeImage } from '../tracer/swarm/probe-image.js';
import { checkRegistry, pushImage } from '../tracer/swarm/registry.js';
import { swarmCluster } from '../tracer/swarm/swarm-cluster.js';
import type { ContainerRuntime } from '../tracer/runtime.js';

/** Where the runs go: `--on swarm`, with what the nodes pull from. */
export interface SwarmOptions {
  /** Runs at once at most, each on a node of its own unless `shareNodes`. */
  parallel: number;
  shareNodes: boolean;
  /** HOST:PORT of a registry every node can pull from; without it, every node must hold the images already. */
  registry?: string;
}

/** An open swarm: its cluster, the probe image as nodes name it, and the function's image as nodes name it. */
export interface SwarmSession {
  cluster: Cluster;
  probeImage: string;
  /** The plan with its image as the nodes pull it. */
  plan: RunPlan;
  /** The plan as the user gave it: records and reports name its image. */
  asked: RunPlan;
  nodes: ClusterNode[];
  /** The CPUs of the smallest ready node: the most one run may ask for. */
  nodeCpus: number;
  options: SwarmOptions;
  /** The manager's own engine, where the coordinator's images are. */
  runtime: ContainerRuntime;
}

/**
 * The swarm the coordinator's engine (DOCKER_HOST) manages, ready for runs: it is a manager, probes that dead
 * coordinators of this host left are removed, the probe image is built for this build of functracer, and, with a
 * registry, it and the function's image are pushed where every node can pull them.
 */
export async function openSwarm(
  plan: RunPlan,
  options: SwarmOptions,
  onStatus?: (status: string) => void,
  signal?: AbortSignal,
): Promise<SwarmSession> {
  if (options.registry) checkRegistry(options.registry);
  refuseHostFiles(plan);
  const docker = await connectEngine();
  await requireManager(docker);
  const cluster = swarmCluster(docker);
  await cluster.removeOrphans();
  const nodes = (await cluster.nodes()).filter((n) => n.ready);
  if (nodes.length === 0)
    throw new UserError(`no node of the swarm at ${engineAddress()} is ready`, 'See docker node ls, and functracer doctor --on swarm');
  // The function's image must be on the coordinator too: it is what is pushed, and a typo is told here, not on every node.
  const runtime = dockerRuntime(docker);
  await runtime.ensureImage(plan.spec.image, onStatus, signal ? { signal } : {});
  let probeImage = await ensureProbeImage(docker, onStatus, signal);
  let image = plan.spec.image;
  if (options.registry) {
    const { registry } = options;
    onStatus?.(`pushing the probe and ${image} to ${registry}`);
    // Side by side: they share no layer, and the registry takes both at once.
    // A push that fails stops the other: its stream would otherwise hold the command open for up to its 10 minutes.
    const failed = new AbortController();
    const pushSignal = signal ? AbortSignal.any([signal, failed.signal]) : failed.signal;
    const push = (name: string) =>
      pushImage(docker, name, registry, pushSignal).catch((error: unknown) => {
        failed.abort();
        throw error;
      });
    const [probe, pushed] = await Promise.all([push(probeImage), push(image)]);
    // Every probe task pulls its image first unless it is pinned to a digest its node holds: pinned, only a node's first does.
    probeImage = probe.pinned;
    image = pushed.byDigest;
  }
  const info = (await docker.listNodes()) as { ID: string; Description?: { Resources?: { NanoCPUs?: number } } }[];
  const cpus = info.filter((n) => nodes.some((r) => r.id === n.ID)).map((n) => (n.Description?.Resources?.NanoCPUs ?? 1e9) / 1e9);
  return {
    cluster,
    probeImage,
    plan: { ...plan, spec: { ...plan.spec, image } },
    asked: plan,
    runtime,
    nodes,
    nodeCpus: Math.min(...cpus),
    options,
  };
}

async function requireManager(docker: Docker): Promise<void> {
  const info = (await docker.info()) as { Swarm?: { LocalNodeState?: string; ControlAvailable?: boolean } };
  if (info.Swarm?.ControlAvailable) return;
  const state = info.Swarm?.LocalNodeState || 'inactive';
  throw new UserError(
    `the engine at ${engineAddress()} is not a swarm manager (swarm: ${state})`,
    'Point DOCKER_HOST at a manager of your swarm, or make one: docker swarm init (see the README, Many machines)',
  );
}

/**
 * A bind mount or a scratch copy names a path on this machine; on a node the engine would bind its own path of that
 * name, or make an empty folder there as root. Until probes carry files to their nodes, such runs stay local.
 */
function refuseHostFiles(plan: RunPlan): void {
  const what = plan.spec.binds.length > 0 ? `-v ${plan.spec.binds[0]}` : plan.scratch ? 'a scratch folder (--input)' : undefined;
  if (what) {
    throw new UserError(
      `--on swarm cannot take ${what}: its files are on this machine, not on the nodes`,
      'Build the files into the image, or run it here without --on swarm',
    );
  }
}
