import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeProbeJob, encodeProbeBundle, PROBE_JOB_ENV } from '../../src/core/probe-bundle.js';
import { planOf } from '../../src/core/run-plan.js';
import type { Cluster, ClusterNode, ProbeTask } from '../../src/tracer/cluster.js';
import { invokeOnNode } from '../../src/ops/swarm-invoke.js';
import { PROBE_RUN_CSV, probeRunRecord } from '../support/probe-fixtures.js';

const node: ClusterNode = { id: 'n1', hostname: 'lab-1', address: '127.0.0.2', ready: true, engineSocket: '/s' };
const image = 'localhost:5000/functracer/lambda-c:latest';

/** What a probe prints for a session whose first container timed out: two containers, each with its files. */
function sessionLog(): string {
  const stems = ['functracer-20260101-000000-1-1', 'functracer-20260101-000001-1-2'];
  const record = () => ({ ...probeRunRecord(image, []), plan: planOf({ image, args: [], env: [], binds: [], networkMode: 'host' }) });
  const files = stems.flatMap((stem) => [
    { name: `${stem}-rawresults.csv`, data: Buffer.from(PROBE_RUN_CSV).toString('base64') },
    { name: `${stem}-run.json`, data: Buffer.from(JSON.stringify(record())).toString('base64') },
    { name: `${stem}-responses.jsonl`, data: Buffer.from('{}\n').toString('base64') },
  ]);
  const result = {
    image,
    functionName: 'lambda-c-latest',
    memorySizeMb: 256,
    timeoutMs: 3000,
    apiAddress: '127.0.0.1:1',
    network: 'host',
    inits: [],
    invocations: [],
    runs: stems.map((stem) => ({ ...record(), container: stem, rawCsv: `${stem}-rawresults.csv`, outputFile: null })),
    responseFiles: stems.map((stem) => `${stem}-responses.jsonl`),
    interrupted: false,
    notes: [],
  };
  return encodeProbeBundle({ version: 1, result, files }).join('\n');
}

describe('an invoke session on a node', () => {
  it("runs in the node's network, keeps every container's files under the coordinator's names, each record naming the node", async () => {
    const submitted: ProbeTask[] = [];
    const cluster = {
      submit: async (task: ProbeTask) => {
        submitted.push(task);
        return {
          id: task.name,
          node: task.node,
          ended: async () => ({ state: 'complete' as const, exitCode: 0, message: '' }),
          output: async () => sessionLog(),
          cancel: async () => undefined,
        };
      },
    } as unknown as Cluster;
    const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'functracer-swarm-invoke-'));
    const plan = planOf({ image, args: [], env: [], binds: [], networkMode: 'host' });
    const events = [{ source: 'e.json', payload: Buffer.from('{"mb":16}') }];
    const session = await invokeOnNode(
      cluster,
      node,
      { plan, events, invocations: 2, timeoutMs: 3000, trace: { outDir } },
      { probeImage: 'probe', outDir, askedImage: 'functracer/lambda-c' },
    );
    expect(submitted[0]!.hostNetwork).toBe(true);
    const job = decodeProbeJob(submitted[0]!.env[PROBE_JOB_ENV]);
    expect(job.invoke?.events[0]).toEqual({ source: 'e.json', payload: Buffer.from('{"mb":16}').toString('base64') });
    expect(session.image).toBe('functracer/lambda-c');
    expect(session.runs).toHaveLength(2);
    const [first, second] = session.runs;
    expect(second!.container).toBe(`${first!.container}-2`);
    for (const run of session.runs) {
      expect(run.node).toBe('lab-1');
      expect(path.dirname(run.rawCsv!)).toBe(outDir);
      expect(run.trace.peakBytes).toBe(2097152);
      const record = JSON.parse(fs.readFileSync(run.rawCsv!.replace('-rawresults.csv', '-run.json'), 'utf8')) as {
        node: string;
        image: string;
        plan: { spec: { image: string } };
      };
      expect(record).toMatchObject({ node: 'lab-1', image: 'functracer/lambda-c', plan: { spec: { image: 'functracer/lambda-c' } } });
    }
    expect(session.responseFiles).toEqual(session.runs.map((r) => r.rawCsv!.replace('-rawresults.csv', '-responses.jsonl')));
    for (const file of session.responseFiles) expect(fs.existsSync(file)).toBe(true);
    fs.rmSync(outDir, { recursive: true, force: true });
  });
});
