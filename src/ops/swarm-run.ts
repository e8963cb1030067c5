import { join } from 'node:path';
import { Interrupted, UserError } from '../core/errors.js';
import { decodeProbeBundle, encodeProbeJob, PROBE_JOB_ENV, type ProbeBundle, type ProbeJob } from '../core/probe-bundle.js';
import { readRawCsv } from '../core/raw-csv-reader.js';
import type { RunPlan } from '../core/run-plan.js';
import { runRecordSchema } from '../core/run-record.js';
import { replaceFiles } from '../infra/atomic-write.js';
import type { Cluster, ClusterNode, ProbeMount, TaskEnd } from '../tracer/cluster.js';
import { newRunId, type RunResult } from '../tracer/tracer.js';

/** Where a probe finds its node's engine, cgroup files and processes (see the README's swarm section). */
export function probeMounts(node: ClusterNode): ProbeMount[] {
  return [
    { source: node.engineSocket, target: '/var/run/docker.sock', readOnly: false },
    { source: '/sys/fs/cgroup', target: '/sys/fs/cgroup', readOnly: true },
    { source: '/proc', target: '/host/proc', readOnly: true },
  ];
}

/** A run that did not come back: the node was lost or the probe failed before a result; `retry` says another node may do it. */
export class NodeRunFailed extends UserError {
  constructor(
    readonly node: ClusterNode,
    readonly end: TaskEnd,
    message: string,
    hint: string,
    readonly retry: boolean,
  ) {
    super(message, hint);
  }
}

/** Another coordinator took the node at the same moment, and kept it: the run goes elsewhere or waits. */
export class NodeTaken extends Error {}

export interface NodeRunOptions {
  /** The probe must be alone on its node (no --share-nodes). */
  exclusive?: boolean;
  probeImage: string;
  outDir: string;
  intervalMs?: number;
  signal?: AbortSignal;
  onStatus?: (status: string) => void;
  /** The plan as the user gave it, for the run's record and figures: the nodes may pull its image under a registry's name. */
  asked?: RunPlan;
}

/**
 * One run of the plan on one node: a probe submitted there, followed to its end, its bundle read from its log and
 * its files written into the output folder under a name of this coordinator's (probes all run as pid 1, so their
 * own names could meet), with the node in the run's record. The probe's task is removed however the run ends.
 */
export async function runOnNode(cluster: Cluster, node: ClusterNode, plan: RunPlan, options: NodeRunOptions): Promise<RunResult> {
  const runId = newRunId();
  const bundle = await probeOnNode(cluster, node, { plan, node: node.hostname, ...intervalOf(options) }, runId, options);
  return keepRun(bundle, node, runId, options.outDir, options.asked ?? plan);
}

const intervalOf = (options: { intervalMs?: number }) => (options.intervalMs ? { intervalMs: options.intervalMs } : {});

/**
 * A probe with this job on the node, followed to its end, and the bundle it handed back; a node lost, a probe that
 * crashed or an error the probe reported is a NodeRunFailed. The probe's task is removed however it ends.
 */
export async function probeOnNode(
  cluster: Cluster,
  node: ClusterNode,
  job: ProbeJob,
  runId: string,
  options: NodeRunOptions & { hostNetwork?: boolean },
): Promise<ProbeBundle> {
  const probe = {
    name: `functracer-probe-${runId}`,
    image: options.probeImage,
    node,
    args: [],
    env: { [PROBE_JOB_ENV]: encodeProbeJob(job), DOCKER_HOST: 'unix:///var/run/docker.sock' },
    mounts: probeMounts(node),
    ...(options.hostNetwork ? { hostNetwork: true } : {}),
  };
  const task = options.exclusive ? await cluster.submitExclusive(probe) : await cluster.submit(probe);
  if (!task) throw new NodeTaken(`node ${node.hostname} was taken by another functracer`);
  try {
    options.onStatus?.(`run on ${node.hostname} …`);
    const end = await task.ended(options.signal);
    if (end.state === 'cancelled') throw new Interrupted('SIGINT', `stopped the run on ${node.hostname}`);
    if (end.state === 'lost' || end.state === 'rejected') throw failed(node, end);
    const output = await task.output();
    if (end.state === 'failed' && !output.includes('functracer-probe-end')) {
      // The probe died without a word (killed, out of memory, a crash): its function may be left on the node.
      await sweepNode(cluster, node, options.probeImage);
      throw new NodeRunFailed(
        node,
        end,
        `the probe on ${node.hostname} crashed (${end.message || `exit ${end.exitCode}`})`,
        'See functracer doctor --on swarm',
        true,
      );
    }
    const bundle = readBundle(output, node, end);
    if (bundle.error) {
      throw new NodeRunFailed(
        node,
        end,
        `on ${node.hostname}: ${bundle.error.message}`,
        bundle.error.hint ?? 'See functracer doctor --on swarm',
        false,
      );
    }
    return bundle;
  } finally {
    await task.cancel().catch(() => {});
  }
}

/** How long a sweep of a crashed probe's node may take. */
const SWEEP_MS = 60_000;

/**
 * A check-only probe on the node, which like every probe first removes what dead probes left on its engine (see
 * src/ops/probe-sweep.ts). Best effort: a node that cannot take it is reported by the run's own error.
 */
async function sweepNode(cluster: Cluster, node: ClusterNode, probeImage: string): Promise<void> {
  const task = await cluster
    .submit({
      name: `functracer-sweep-${newRunId()}`,
      image: probeImage,
      node,
      args: [],
      env: { [PROBE_JOB_ENV]: encodeProbeJob({ node: node.hostname }), DOCKER_HOST: 'unix:///var/run/docker.sock' },
      mounts: probeMounts(node),
    })
    .catch(() => undefined);
  await task?.ended(AbortSignal.timeout(SWEEP_MS)).catch(() => undefined);
  await task?.cancel().catch(() => {});
}

/** A log cut short (a node that died as it was read) loses the run, as a lost node does: it is made again elsewhere. */
function readBundle(output: string, node: ClusterNode, end: TaskEnd): ProbeBundle {
  try {
    return decodeProbeBundle(output, `the probe on ${node.hostname}`);
  } catch (error) {
    if (!(error instanceof UserError)) throw error;
    throw new NodeRunFailed(node, end, error.message, error.hint ?? 'See functracer doctor --on swarm', true);
  }
}

function failed(node: ClusterNode, end: TaskEnd): NodeRunFailed {
  const why = end.message || end.state;
  // A node that cannot start the probe (most often: it has not the image) would refuse it again: not retried.
  if (end.state === 'rejected') {
    return new NodeRunFailed(
      node,
      end,
      `node ${node.hostname} cannot start the probe: ${why}`,
      'Pass --registry HOST:PORT, or load the images on every node',
      false,
    );
  }
  return new NodeRunFailed(
    node,
    end,
    `the run on node ${node.hostname} was lost (${why})`,
    'Check the node with functracer doctor --on swarm',
    true,
  );
}

/** The bundle's files under this coordinator's run name, and the run's figures pointing at them. */
async function keepRun(bundle: ProbeBundle, node: ClusterNode, runId: string, outDir: string, asked: RunPlan): Promise<RunResult> {
  const figures = bundle.result as Partial<RunResult> & { rawCsv?: string | null; outputFile?: string | null; container?: string };
  const stem = figures.container ?? '';
  const ownName = (name: string) => (stem && name.startsWith(stem) ? `functracer-${runId}${name.slice(stem.length)}` : name);
  const files = bundle.files.map((file) => {
    let data = Buffer.from(file.data, 'base64');
    if (file.name.endsWith('-run.json')) data = Buffer.from(`${JSON.stringify(withNode(data, node, asked), null, 2)}\n`);
    return { path: join(outDir, ownName(file.name)), data, name: file.name };
  });
  await replaceFiles(files.map(({ path, data }) => ({ path, data })));
  const csv = files.find((f) => f.name === figures.rawCsv);
  if (!csv) throw new UserError(`the probe on ${node.hostname} handed back no trace`, 'Run it again; see functracer doctor --on swarm');
  const trace = readRawCsv(csv.data.toString('utf8'), csv.path).trace;
  const output = files.find((f) => f.name === figures.outputFile);
  return {
    ...(figures as RunResult),
    image: asked.spec.image,
    container: `functracer-${runId}`,
    rawCsv: csv.path,
    outputFile: output?.path ?? null,
    trace,
    node: node.hostname,
  };
}

/** The probe's record, with the plan as asked and the node it ran on. */
function withNode(data: Buffer, node: ClusterNode, asked: RunPlan): unknown {
  const record = runRecordSchema.parse(JSON.parse(data.toString('utf8')));
  return { ...record, image: asked.spec.image, args: asked.spec.args, plan: asked, node: node.hostname };
}
