import { join } from 'node:path';
import { UserError } from '../core/errors.js';
import type { ProbeBundle } from '../core/probe-bundle.js';
import { readRawCsv } from '../core/raw-csv-reader.js';
import { runRecordSchema } from '../core/run-record.js';
import { replaceFiles } from '../infra/atomic-write.js';
import type { Cluster, ClusterNode } from '../tracer/cluster.js';
import { newRunId, type RunResult } from '../tracer/tracer.js';
import type { InvokeRequest, InvokeResult } from './invoke.js';
import { functionNameOf } from './lambda-spec.js';
import { probeOnNode, type NodeRunOptions } from './swarm-run.js';

/**
 * One invoke session on one node: a probe in the node's network runs the same use case as a local `invoke`
 * (invokeFunction) against the node's engine, and hands back the session's figures and every container's files,
 * kept here under this coordinator's names, each record naming the node.
 */
export async function invokeOnNode(
  cluster: Cluster,
  node: ClusterNode,
  request: Omit<InvokeRequest, 'autotune'>,
  options: NodeRunOptions & { askedImage: string },
): Promise<InvokeResult> {
  const runId = newRunId();
  const job = {
    plan: request.plan,
    node: node.hostname,
    ...(request.trace.intervalMs ? { intervalMs: request.trace.intervalMs } : {}),
    invoke: {
      events: request.events.map((e) => ({ source: e.source, payload: e.payload.toString('base64') })),
      invocations: request.invocations,
      timeoutMs: request.timeoutMs,
    },
  };
  const bundle = await probeOnNode(cluster, node, job, runId, { ...options, hostNetwork: true });
  return keepSession(bundle, node, runId, options.outDir, options.askedImage);
}

type SessionFigures = Omit<InvokeResult, 'runs'> & { runs: (Omit<RunResult, 'trace'> & { rawCsv: string | null })[] };

/** The bundle's files under this coordinator's names (a container's stem per run), and the session pointing at them. */
async function keepSession(bundle: ProbeBundle, node: ClusterNode, runId: string, outDir: string, image: string): Promise<InvokeResult> {
  const session = bundle.result as unknown as SessionFigures;
  const stems = session.runs.map((run, i) => ({ from: run.container, to: `functracer-${runId}${i === 0 ? '' : `-${i + 1}`}` }));
  const ownName = (name: string) => {
    const stem = stems.find((s) => s.from && name.startsWith(s.from));
    return stem ? `${stem.to}${name.slice(stem.from.length)}` : name;
  };
  const files = bundle.files.map((file) => {
    let data = Buffer.from(file.data, 'base64');
    if (file.name.endsWith('-run.json')) data = Buffer.from(`${JSON.stringify(withNode(data, node, image), null, 2)}\n`);
    return { name: file.name, path: join(outDir, ownName(file.name)), data };
  });
  await replaceFiles(files.map(({ path, data }) => ({ path, data })));
  const pathOf = (name: string | null) => (name === null ? null : (files.find((f) => f.name === name)?.path ?? null));
  const runs = session.runs.map((run, i): RunResult => {
    const csv = files.find((f) => f.name === run.rawCsv);
    if (!csv) throw new UserError(`the probe on ${node.hostname} handed back no trace`, 'Run it again; see functracer doctor --on swarm');
    return {
      ...(run as RunResult),
      image,
      container: stems[i]!.to,
      rawCsv: csv.path,
      outputFile: pathOf(run.outputFile),
      trace: readRawCsv(csv.data.toString('utf8'), csv.path).trace,
      node: node.hostname,
    };
  });
  // The function's name as a local session gives it, from the image as the user named it, not as the node pulled it.
  return {
    ...session,
    image,
    functionName: functionNameOf(image),
    runs,
    responseFiles: session.responseFiles.map((f) => pathOf(f) ?? join(outDir, ownName(f))),
  };
}

/** The probe's record, naming the image as the user gave it and the node it ran on. */
function withNode(data: Buffer, node: ClusterNode, image: string): unknown {
  const record = runRecordSchema.parse(JSON.parse(data.toString('utf8')));
  const plan = record.plan && { ...record.plan, spec: { ...record.plan.spec, image } };
  return { ...record, image, ...(plan ? { plan } : {}), node: node.hostname };
}
