import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { encodeProbeBundle, decodeProbeJob, PROBE_JOB_ENV } from '../../src/core/probe-bundle.js';
import { planOf } from '../../src/core/run-plan.js';
import type { Cluster, ClusterNode, PlacedTask, ProbeTask, TaskEnd } from '../../src/tracer/cluster.js';
import type { SwarmSession } from '../../src/ops/swarm.js';
import { OTHERS_BUSY_MS, swarmPlacement } from '../../src/ops/swarm-placement.js';
import { PROBE_RUN_CSV, probeRunRecord } from '../support/probe-fixtures.js';

const swarmRunner = (s: Parameters<typeof swarmPlacement>[0]) => swarmPlacement(s).run;

const plan = planOf({ image: 'functracer/sleep', args: ['1'], env: [], binds: [], networkMode: 'none' });
const node = (id: string): ClusterNode => ({ id, hostname: `host-${id}`, address: '127.0.0.2', ready: true, engineSocket: '/s' });

/** What a probe prints for a run of 100 ms peaking at 2 MiB, under the probe's own run name. */
function probeLog(nodeName: string): string {
  const stem = 'functracer-20260101-000000-1-1';
  const record = probeRunRecord('localhost:5000/functracer/sleep:latest', ['1']);
  const files = [
    { name: `${stem}-rawresults.csv`, data: Buffer.from(PROBE_RUN_CSV).toString('base64') },
    { name: `${stem}-run.json`, data: Buffer.from(JSON.stringify(record)).toString('base64') },
  ];
  const result = { ...record, container: stem, rawCsv: `${stem}-rawresults.csv`, outputFile: null, node: nodeName };
  return encodeProbeBundle({ version: 1, result, files }).join('\n');
}

/** A cluster of fake nodes whose probes end as `script` says, each after a moment, so runs overlap. */
function fakeCluster(nodes: ClusterNode[], script: (task: ProbeTask, attempt: number) => TaskEnd, cutLog = (_attempt: number) => false) {
  const running = new Map<string, number>();
  const placed: string[] = [];
  let most = 0;
  let attempts = 0;
  const cancelled: string[] = [];
  const cluster: Cluster = {
    kind: 'swarm',
    address: 'fake',
    nodes: async () => nodes,
    busyNodes: async () => new Set([...running].filter(([, n]) => n > 0).map(([id]) => id)),
    removeOrphans: async () => 0,
    submitExclusive: (task) => cluster.submit(task),
    async submit(task): Promise<PlacedTask> {
      expect(decodeProbeJob(task.env[PROBE_JOB_ENV]).node).toBe(task.node.hostname);
      placed.push(task.node.id);
      running.set(task.node.id, (running.get(task.node.id) ?? 0) + 1);
      most = Math.max(most, ...running.values());
      const end = script(task, ++attempts);
      const attempt = attempts;
      let done = false;
      const finish = () => {
        if (!done) running.set(task.node.id, running.get(task.node.id)! - 1);
        done = true;
      };
      return {
        id: task.name,
        node: task.node,
        ended: () => new Promise((resolve) => setTimeout(() => (finish(), resolve(end)), 30)),
        output: async () =>
          cutLog(attempt) ? probeLog(task.node.hostname).split('\n').slice(0, -1).join('\n') : probeLog(task.node.hostname),
        cancel: async () => {
          finish();
          cancelled.push(task.name);
        },
      };
    },
  };
  return { cluster, placed, cancelled, most: () => most };
}

const session = (cluster: Cluster, shareNodes = false): SwarmSession => ({
  cluster,
  probeImage: 'probe',
  plan: { ...plan, spec: { ...plan.spec, image: 'localhost:5000/functracer/sleep:latest' } },
  asked: plan,
  nodes: [],
  nodeCpus: 2,
  options: { parallel: 4, shareNodes },
  runtime: undefined as never,
});
const outDir = () => fs.mkdtempSync(path.join(os.tmpdir(), 'functracer-placement-'));
const complete: TaskEnd = { state: 'complete', exitCode: 0, message: '' };

describe('runs placed on a swarm', () => {
  it('never share a node unless asked, and keep their files under the coordinator names with the node in the record', async () => {
    const fake = fakeCluster([node('a'), node('b')], () => complete);
    const run = swarmRunner(session(fake.cluster));
    const out = outDir();
    const results = await Promise.all([1, 2, 3, 4].map(() => run(plan, { outDir: out })));
    expect(fake.most()).toBe(1);
    expect(new Set(fake.placed)).toEqual(new Set(['a', 'b']));
    expect(fake.cancelled).toHaveLength(4);
    expect(new Set(results.map((r) => r.container)).size).toBe(4);
    for (const r of results) {
      expect(r.image).toBe('functracer/sleep');
      expect(r.peakBytes).toBe(2097152);
      expect(r.trace.peakBytes).toBe(2097152);
      const record = JSON.parse(fs.readFileSync(r.rawCsv!.replace('-rawresults.csv', '-run.json'), 'utf8')) as {
        node: string;
        image: string;
      };
      expect(record).toMatchObject({ node: r.node, image: 'functracer/sleep' });
    }
    expect(fs.readdirSync(out)).toHaveLength(8);
  });

  it('put runs side by side on one node with --share-nodes', async () => {
    const fake = fakeCluster([node('a')], () => complete);
    const run = swarmRunner(session(fake.cluster, true));
    await Promise.all([1, 2, 3].map(() => run(plan, { outDir: outDir() })));
    expect(fake.most()).toBe(3);
  });

  it('run again once on another node what a lost node was running; a node that rejects the probe is not asked again', async () => {
    const lost = fakeCluster([node('a'), node('b')], (task, attempt) =>
      attempt === 1 ? { state: 'lost', exitCode: null, message: 'node down' } : complete,
    );
    const result = await swarmRunner(session(lost.cluster))(plan, { outDir: outDir() });
    expect(lost.placed).toHaveLength(2);
    expect(lost.placed[0]).not.toBe(lost.placed[1]);
    expect(result.node).toBe(`host-${lost.placed[1]}`);

    const rejected = fakeCluster([node('a'), node('b')], () => ({ state: 'rejected', exitCode: null, message: 'No such image: probe' }));
    await expect(swarmRunner(session(rejected.cluster))(plan, { outDir: outDir() })).rejects.toThrow(
      /cannot start the probe: No such image/,
    );
    expect(rejected.placed).toHaveLength(1);
  });

  it('run again elsewhere a run whose log came back cut short', async () => {
    const fake = fakeCluster(
      [node('a'), node('b')],
      () => complete,
      (attempt) => attempt === 1,
    );
    const result = await swarmRunner(session(fake.cluster))(plan, { outDir: outDir() });
    expect(fake.placed).toHaveLength(2);
    expect(result.node).toBe(`host-${fake.placed[1]}`);
  });

  it('wait for a node another functracer holds, say so once, and give up after a bound with a line saying why', async () => {
    vi.useFakeTimers();
    try {
      const held = fakeCluster([node('a')], () => complete);
      // Another coordinator's probe holds the only node for as long as this test runs.
      const cluster: Cluster = { ...held.cluster, busyNodes: async () => new Set(['a']) };
      const statuses: string[] = [];
      const waiting = swarmRunner(session(cluster))(plan, { outDir: outDir() }, { onStatus: (s) => statuses.push(s) });
      const refused = expect(waiting).rejects.toThrow(
        /every ready node of the swarm stayed busy with another functracer's runs for 30 min/,
      );
      await vi.advanceTimersByTimeAsync(OTHERS_BUSY_MS + 5_000);
      await refused;
      expect(statuses).toEqual(["waiting for a node: all 1 ready are busy with another functracer's runs"]);
      expect(held.placed).toEqual([]);
    } finally {
      vi.useRealTimers();
    }
  });
});
