import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import type { TestSwarm } from '../support/swarm.js';
import { outFolder, probeServices, removeOutFolders, swarmWithSamples } from './support.js';

describe('tune --on swarm', () => {
  let swarm: TestSwarm;
  beforeAll(async () => {
    swarm = await swarmWithSamples(['functracer/sleep']);
  });
  afterAll(async () => {
    removeOutFolders();
    await swarm?.remove();
  });

  /** One tune of `sleep 2` × 8 runs at one size: how long it took, and the node each run's record names. */
  async function tuneOnSwarm(parallel: number): Promise<{ ms: number; nodes: string[] }> {
    const out = outFolder();
    const args = ['tune', '--on', 'swarm', '--registry', swarm.registry, '--parallel', String(parallel), '--sizes', '512', '--runs', '8'];
    const started = Date.now();
    const { code, stderr } = await runCli([...args, '--json', '--out', out, 'functracer/sleep', '2'], {
      env: { DOCKER_HOST: swarm.managerHost },
      timeoutMs: 280_000,
    });
    const ms = Date.now() - started;
    // A slow first run makes tune say how long the rest will take, on stderr; nothing else may be there.
    expect(stderr.replace(/^functracer: \d+ more runs of about .*\n/m, '')).toBe('');
    expect(code).toBe(0);
    const records = fs.readdirSync(out).filter((f) => f.endsWith('-run.json'));
    const nodes = records.map((f) => (JSON.parse(fs.readFileSync(path.join(out, f), 'utf8')) as { node: string }).node);
    return { ms, nodes };
  }

  it('with --parallel 2 on 2 nodes ends in about half the time of --parallel 1, every run naming its node', async () => {
    // The probe image is built and pushed by the first tune; a warm-up keeps that out of the comparison.
    await tuneOnSwarm(2);
    const one = await tuneOnSwarm(1);
    const two = await tuneOnSwarm(2);
    expect(one.nodes).toHaveLength(8);
    expect(two.nodes).toHaveLength(8);
    console.log(
      `tune --on swarm, 8 runs of sleep 2: --parallel 1 ${one.ms} ms, --parallel 2 ${two.ms} ms, ratio ${(two.ms / one.ms).toFixed(2)}`,
    );
    expect(new Set(two.nodes).size).toBe(2);
    expect(two.nodes.every(Boolean)).toBe(true);
    // About half, plus what two nodes cannot shrink: the coordinator's start (the registry's digests, the swarm's
    // nodes), counted once in each. The first runs go side by side (the CLI's estimate is a note). Measured here:
    // 0.58 quiet, 0.57–0.58 with a guest VM busy beside it, 0.63 with two busy loops (both nodes share this host's
    // two cores with them); before, with the first run alone, 0.71–0.73 quiet.
    expect(two.ms / one.ms).toBeLessThan(0.68);
    expect(two.ms / one.ms).toBeGreaterThan(0.35);
    expect(await probeServices(swarm)).toBe(0);
  });
});
