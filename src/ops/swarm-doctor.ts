import { describeError } from '../core/errors.js';
import { decodeProbeBundle, encodeProbeJob, PROBE_JOB_ENV } from '../core/probe-bundle.js';
import type { Cluster, ClusterNode } from '../tracer/cluster.js';
import { connectEngine, engineAddress } from '../tracer/engine.js';
import { ensureProbeImage } from '../tracer/swarm/probe-image.js';
import { checkRegistry, pushImage } from '../tracer/swarm/registry.js';
import { swarmCluster } from '../tracer/swarm/swarm-cluster.js';
import type { Check } from './doctor.js';
import type { NodeFindings } from './probe-check.js';
import { probeMounts } from './swarm-run.js';

/** A node's clock this far from the coordinator's makes their timestamps disagree visibly in a report. */
const CLOCK_MS = 1000;
/** How long a node's check may take, start of its probe included. */
const CHECK_MS = 120_000;

/**
 * `doctor --on swarm`: the swarm the coordinator's engine manages, and on each node, through a probe placed there,
 * its engine, cgroup layout, images and clock, with the fix for each problem. Nothing is changed but the probe
 * image (built, and pushed with a registry) and the probes (removed after).
 */
export async function runSwarmDoctor(options: { registry?: string; image?: string } = {}): Promise<Check[]> {
  if (options.registry) checkRegistry(options.registry);
  const docker = await connectEngine();
  const info = (await docker.info()) as { Swarm?: { LocalNodeState?: string; ControlAvailable?: boolean } };
  if (!info.Swarm?.ControlAvailable) {
    return [
      {
        name: 'swarm',
        state: 'missing',
        detail: `the engine at ${engineAddress()} is not a swarm manager (swarm: ${info.Swarm?.LocalNodeState || 'inactive'})`,
        fix: 'docker swarm init --advertise-addr ADDRESS, or point DOCKER_HOST at a manager',
      },
    ];
  }
  const cluster = swarmCluster(docker);
  const nodes = await cluster.nodes();
  const checks: Check[] = [{ name: 'swarm', state: 'ok', detail: `manager at ${engineAddress()}, ${nodes.length} node(s)` }];
  let probe = await ensureProbeImage(docker);
  if (options.registry) probe = (await pushImage(docker, probe, options.registry)).pinned;
  const perNode = await Promise.all(nodes.map((node) => checkOneNode(cluster, node, probe, options)));
  return [...checks, ...perNode.flat()];
}

async function checkOneNode(
  cluster: Cluster,
  node: ClusterNode,
  probe: string,
  options: { registry?: string; image?: string },
): Promise<Check[]> {
  const name = `node ${node.hostname}`;
  if (!node.ready) {
    return [
      {
        name,
        state: 'missing',
        detail: 'down, drained or paused: it gets no runs',
        fix: `docker node update --availability active ${node.id.slice(0, 12)} (and start its engine)`,
      },
    ];
  }
  const startedMs = Date.now();
  let findings: NodeFindings;
  let endedMs: number;
  const task = await cluster.submit({
    name: `functracer-doctor-${process.pid}-${node.id.slice(0, 12)}`,
    image: probe,
    node,
    args: [],
    env: { [PROBE_JOB_ENV]: encodeProbeJob({ node: node.hostname }), DOCKER_HOST: 'unix:///var/run/docker.sock' },
    mounts: probeMounts(node),
  });
  try {
    const end = await task.ended(AbortSignal.timeout(CHECK_MS));
    endedMs = Date.now();
    if (end.state !== 'complete') {
      const fix = options.registry
        ? `docker node ps ${node.id.slice(0, 12)} says why`
        : 'pass --registry HOST:PORT, or docker load the probe image on the node';
      return [{ name, state: 'missing', detail: `the probe did not run there: ${end.message || end.state}`, fix }];
    }
    findings = decodeProbeBundle(await task.output(), `the probe on ${node.hostname}`).result as unknown as NodeFindings;
  } catch (error) {
    return [
      { name, state: 'missing', detail: `no answer from its probe: ${describeError(error)}`, fix: 'check the node with docker node ps' },
    ];
  } finally {
    await task.cancel().catch(() => {});
  }
  return [
    findings.engine
      ? { name: `${name}: engine`, state: 'ok', detail: findings.engine }
      : {
          name: `${name}: engine`,
          state: 'missing',
          detail: findings.engineProblem ?? 'no answer',
          fix: `label the node with its socket: docker node update --label-add functracer.engine-socket=PATH ${node.id.slice(0, 12)}`,
        },
    findings.cgroup
      ? {
          name: `${name}: cgroups`,
          state: findings.cgroup.engineTree ? 'ok' : 'note',
          detail: `v${findings.cgroup.version} at ${findings.cgroup.memoryMount}${findings.cgroup.engineTree ? '' : ', no engine tree seen under it'}`,
        }
      : {
          name: `${name}: cgroups`,
          state: 'missing',
          detail: findings.cgroupProblem ?? 'not found',
          fix: 'mount the cgroup files at /sys/fs/cgroup on the node',
        },
    imageCheck(name, findings.images, options),
    clockCheck(name, findings.nowMs, startedMs, endedMs),
  ];
}

function imageCheck(name: string, images: string[], options: { registry?: string; image?: string }): Check {
  const wanted = options.image;
  if (!wanted) return { name: `${name}: images`, state: 'ok', detail: `${images.length} image(s)` };
  const has = images.some(
    (tag) => tag === wanted || tag === `${wanted}:latest` || tag.endsWith(`/${wanted}`) || tag.endsWith(`/${wanted}:latest`),
  );
  if (has || options.registry)
    return { name: `${name}: images`, state: 'ok', detail: has ? `has ${wanted}` : `pulls ${wanted} from ${options.registry}` };
  return {
    name: `${name}: images`,
    state: 'missing',
    detail: `no ${wanted}`,
    fix: `pass --registry HOST:PORT, or docker save ${wanted} | docker load on the node`,
  };
}

/** The probe's clock must fall between the submit and the end seen here; outside, by how much at least. */
function clockCheck(name: string, probeMs: number, startedMs: number, endedMs: number): Check {
  const behind = startedMs - probeMs;
  const ahead = probeMs - endedMs;
  const off = Math.max(behind, ahead);
  const within = `to within ${((endedMs - startedMs) / 1000).toFixed(1)} s, as this check can tell`;
  if (off <= 0) return { name: `${name}: clock`, state: 'ok', detail: `agrees with this one ${within}` };
  const detail = `${(off / 1000).toFixed(1)} s or more ${behind > 0 ? 'behind' : 'ahead of'} this one`;
  return off > CLOCK_MS
    ? {
        name: `${name}: clock`,
        state: 'note',
        detail,
        fix: 'keep the clocks in step: apt-get install chrony (or systemd-timesyncd) on every node',
      }
    : { name: `${name}: clock`, state: 'ok', detail };
}
