import type Docker from 'dockerode';
import { engineAddress, answered } from '../engine.js';
import { demuxLogs } from '../docker-runtime.js';
import { FUNCTRACER_LABEL, OWNER_HOST_LABEL, OWNER_LABEL } from '../labels.js';
import { isOrphan, ownerHost } from '../orphans.js';
import type { Cluster, ClusterNode, PlacedTask, ProbeTask } from '../cluster.js';
import { followTask } from './task-state.js';

/** The value of FUNCTRACER_LABEL on a probe's service: what a coordinator may find and remove. */
export const PROBE_LABEL_VALUE = 'probe';
/** A node label saying where the node's engine socket is on its host, where it is not /var/run/docker.sock. */
export const SOCKET_NODE_LABEL = 'functracer.engine-socket';
const DEFAULT_SOCKET = '/var/run/docker.sock';

interface SwarmNodeInfo {
  ID: string;
  Spec?: { Labels?: Record<string, string>; Availability?: string };
  Description?: { Hostname?: string };
  Status?: { State?: string; Addr?: string };
}

/**
 * Docker Swarm as a Cluster, through the manager the coordinator's DOCKER_HOST names. Each probe is a service of
 * one replica, pinned to its node by a constraint, never restarted: functracer places
 * and retries runs itself, so that measurements never share a node by accident.
 */
export function swarmCluster(docker: Docker): Cluster {
  const nodeList = async (): Promise<ClusterNode[]> =>
    uniqueNames(((await answered('the swarm nodes', (o) => docker.listNodes(o))) as SwarmNodeInfo[]).map(nodeOf));
  return {
    kind: 'swarm',
    address: engineAddress(),
    nodes: nodeList,
    async busyNodes() {
      // From the services' own constraints, which the manager holds from the moment each is created: a task's node is
      // known only once it is scheduled, and two coordinators looking in that gap would both take the node.
      return new Set((await listProbeServices(docker)).map(pinnedNode).filter((id): id is string => id !== undefined));
    },
    async submit(task) {
      const service = await answered(`the probe ${task.name}`, () => docker.createService(serviceSpec(task)));
      return placedTask(docker, service.id, task, nodeList);
    },
    async submitExclusive(task) {
      const placed = await this.submit(task);
      if (!(await firstOnNode(docker, placed.id, task.node.id))) {
        await placed.cancel();
        return undefined;
      }
      return placed;
    },
    async removeOrphans() {
      const orphans = (await listProbeServices(docker)).filter((s) => isOrphan(s.Spec?.Labels ?? {}));
      for (const s of orphans)
        await docker
          .getService(s.ID)
          .remove()
          .catch(() => {});
      return orphans.length;
    },
  };
}

function nodeOf(info: SwarmNodeInfo): ClusterNode {
  return {
    id: info.ID,
    hostname: info.Description?.Hostname ?? info.ID.slice(0, 12),
    address: info.Status?.Addr ?? '',
    ready: info.Status?.State === 'ready' && (info.Spec?.Availability ?? 'active') === 'active',
    engineSocket: info.Spec?.Labels?.[SOCKET_NODE_LABEL] ?? DEFAULT_SOCKET,
  };
}

/** Two engines on one machine (or cloned VMs) share a host name: those get their node id's start added. */
function uniqueNames(nodes: ClusterNode[]): ClusterNode[] {
  const count = (name: string) => nodes.filter((n) => n.hostname === name).length;
  return nodes.map((n) => (count(n.hostname) > 1 ? { ...n, hostname: `${n.hostname}-${n.id.slice(0, 6)}` } : n));
}

/** The node a probe service is pinned to, by its constraint. */
function pinnedNode(service: Docker.Service): string | undefined {
  const constraints = service.Spec?.TaskTemplate?.Placement?.Constraints ?? [];
  return constraints.map((c) => /^node\.id==(\S+)$/.exec(c)?.[1]).find(Boolean);
}

/**
 * Whether this service is the first probe pinned to its node: of two coordinators that took the same node at the
 * same moment, the one whose service the manager created first keeps it, by creation time and then by id.
 */
async function firstOnNode(docker: Docker, serviceId: string, nodeId: string): Promise<boolean> {
  const rivals = (await listProbeServices(docker)).filter((s) => pinnedNode(s) === nodeId);
  const key = (s: Docker.Service) => `${s.CreatedAt ?? ''} ${s.ID}`;
  const first = rivals.sort((a, b) => key(a).localeCompare(key(b)))[0];
  return first === undefined || first.ID === serviceId;
}

async function listProbeServices(docker: Docker): Promise<Docker.Service[]> {
  return answered('the probe services', (o) =>
    docker.listServices({ ...o, filters: { label: [`${FUNCTRACER_LABEL}=${PROBE_LABEL_VALUE}`] } } as Docker.ServiceListOptions),
  );
}

function serviceSpec(task: ProbeTask): Docker.CreateServiceOptions {
  return {
    Name: task.name,
    Labels: { [FUNCTRACER_LABEL]: PROBE_LABEL_VALUE, [OWNER_LABEL]: String(process.pid), [OWNER_HOST_LABEL]: ownerHost() },
    TaskTemplate: {
      ContainerSpec: {
        Image: task.image,
        Args: task.args,
        Env: Object.entries(task.env).map(([name, value]) => `${name}=${value}`),
        Mounts: task.mounts.map((m) => ({ Type: 'bind', Source: m.source, Target: m.target, ReadOnly: m.readOnly })),
      },
      RestartPolicy: { Condition: 'none', MaxAttempts: 0 },
      // Swarm's predefined `host` network: the probe shares its node's network, as `--network host` does.
      ...(task.hostNetwork ? { Networks: [{ Target: 'host' }] } : {}),
      Placement: { Constraints: [`node.id==${task.node.id}`] },
    },
    // One replica that is never restarted runs once, as a job would. Not mode replicated-job: on Engine 20.10 removing
    // a job's service neither stops its running task nor removes its containers, so a stopped coordinator would leave
    // probes (and their functions) running; a replicated service's task is stopped and removed with it.
    Mode: { Replicated: { Replicas: 1 } },
  };
}

function placedTask(docker: Docker, serviceId: string, task: ProbeTask, nodes: () => Promise<ClusterNode[]>): PlacedTask {
  const service = docker.getService(serviceId);
  let end: Awaited<ReturnType<PlacedTask['ended']>> | undefined;
  return {
    id: serviceId,
    node: task.node,
    async ended(signal) {
      end ??= await followTask(docker, serviceId, task.node.id, nodes, signal);
      return end;
    },
    async output() {
      const logs = (await answered(`the output of probe ${task.name}`, (o) =>
        (service.logs as unknown as (opts: object) => Promise<Buffer>)({ ...o, stdout: true, stderr: false, follow: false }),
      )) as Buffer | string;
      return demuxLogs(Buffer.isBuffer(logs) ? logs : Buffer.from(String(logs))).all.toString('utf8');
    },
    async cancel() {
      await answered(`the removal of probe ${task.name}`, () => service.remove()).catch((error: unknown) => {
        if ((error as { statusCode?: number }).statusCode !== 404) throw error;
      });
    },
  };
}
