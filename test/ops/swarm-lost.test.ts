import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findProvider, PROVIDERS } from '../../src/core/cost/providers.js';
import { planOf } from '../../src/core/run-plan.js';
import { runMultiInvoked } from '../../src/ops/multi-invoke.js';
import { tune } from '../../src/ops/tune.js';
import { tuneInvoked } from '../../src/ops/tune-invoke.js';
import { NodeRunFailed } from '../../src/ops/swarm-run.js';
import type { ClusterNode } from '../../src/tracer/cluster.js';
import type { ContainerRuntime } from '../../src/tracer/runtime.js';
import { memshapeTrace, resultFor } from '../components/support/fakes.js';

const lambda = findProvider(PROVIDERS, 'aws-lambda-x86');
const node: ClusterNode = { id: 'n2', hostname: 'lab-2', address: '127.0.0.3', ready: true, engineSocket: '/s' };
/** What the placement throws once a run's node was lost twice (the one retry elsewhere done). */
const lostTwice = () =>
  new NodeRunFailed(
    node,
    { state: 'lost', exitCode: null, message: 'node down' },
    'node lab-2 went down mid-run',
    'See docker node ls',
    true,
  );
// On a swarm nothing is asked of the coordinator's engine while runs go.
const noEngine = { local: true } as ContainerRuntime;
const outDirs: string[] = [];
const outDir = () => {
  outDirs.push(fs.mkdtempSync(path.join(os.tmpdir(), 'functracer-lost-')));
  return outDirs.at(-1)!;
};
afterAll(() => outDirs.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

describe('a run the swarm lost twice is listed, left out, and the others go on', () => {
  it('tune: the size keeps its other runs and still fits; the lost run is named by its size', async () => {
    let calls = 0;
    const run = async () => {
      calls += 1;
      if (calls === 2) throw lostTwice();
      return { ...resultFor(memshapeTrace(300)), node: 'lab-1' };
    };
    const plan = planOf({ image: 'functracer/memshape', args: ['8:50'], env: [], binds: [], networkMode: 'none' });
    const request = {
      plan,
      provider: lambda,
      sizes: [512],
      runs: 3,
      discard: 0,
      cpuScale: 1,
      strategy: 'cost' as const,
      balancedWeight: 0.5,
    };
    const outcome = await tune(noEngine, request, { outDir: outDir() }, {}, { run, cpus: 2 });
    expect(outcome.interrupted).toBe(false);
    expect(outcome.sizes[0]!.results).toHaveLength(2);
    expect(outcome.sizes[0]!.fits).toBe(true);
    expect(outcome.lost).toEqual([{ run: 2, node: 'lab-2', message: '512 MB, run 2: node lab-2 went down mid-run. See docker node ls' }]);
  });

  it('tune and multi of a Lambda-style function: a lost session says nothing of its size, and does not end the series', async () => {
    const plan = planOf({ image: 'functracer/lambda-c', args: [], env: [], binds: [], networkMode: 'host' });
    const events = [{ source: 'e.json', payload: Buffer.from('{}') }];
    const invoke = () => Promise.reject(lostTwice());
    const tuned = await tuneInvoked(
      noEngine,
      { plan, provider: lambda, sizes: [256], runs: 2, cpuScale: 1, events, invocations: 1, timeoutMs: 3000 },
      { outDir: outDir() },
      {},
      { invoke, cpus: 2 },
    );
    // Not "does not fit": the size has no session, so no figures, and both sessions are listed.
    expect(tuned.sizes).toEqual([]);
    expect(tuned.lost?.map((l) => l.message.split(':')[0])).toEqual(['256 MB, session 1', '256 MB, session 2']);
    const multi = await runMultiInvoked(
      noEngine,
      { plan, events, invocations: 1, timeoutMs: 3000 },
      { outDir: outDir(), runs: 3, provider: lambda.id, pricing: { requests: 1_000_000, freeTier: false } },
      {},
      invoke,
    );
    expect(multi.sessions).toEqual([]);
    expect(multi.lost?.map((l) => l.run)).toEqual([1, 2, 3]);
    expect(multi.interrupted).toBe(false);
  });
});
