import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import type { TestSwarm } from '../support/swarm.js';
import { outFolder, probeServices, removeOutFolders, swarmWithSamples } from './support.js';

interface HullJson {
  hull: Record<string, number>;
  uhull: Record<string, number>;
  files: { hull: string; uhull: string } | null;
  traces: { rawCsv: string; node?: string }[];
  lost?: unknown[];
}

const SHAPE = ['functracer/memshape', '40:600'];
const maxOf = (hull: Record<string, number>) => Math.max(...Object.values(hull));

describe('hull --on swarm', () => {
  let swarm: TestSwarm;
  beforeAll(async () => {
    swarm = await swarmWithSamples(['functracer/memshape']);
  });
  afterAll(async () => {
    removeOutFolders();
    await swarm?.remove();
  });

  it('trains from runs on both nodes into hull.json and uhull.json, the same hull that hull --from gives from their traces', async () => {
    const out = outFolder();
    const args = ['hull', '--on', 'swarm', '--parallel', '2', '--registry', swarm.registry, '--runs', '4', '--json', '--out', out];
    const trained = await runCli([...args, ...SHAPE], { env: { DOCKER_HOST: swarm.managerHost }, timeoutMs: 280_000 });
    expect(trained.stderr).toBe('');
    expect(trained.code).toBe(0);
    const onSwarm = JSON.parse(trained.stdout) as HullJson;
    expect(onSwarm.traces).toHaveLength(4);
    expect(new Set(onSwarm.traces.map((t) => t.node)).size).toBe(2);
    expect(onSwarm.lost).toEqual([]);
    expect(onSwarm.files).toEqual({ hull: path.join(out, 'hull.json'), uhull: path.join(out, 'uhull.json') });
    expect(JSON.parse(fs.readFileSync(path.join(out, 'hull.json'), 'utf8'))).toEqual(onSwarm.hull);
    expect(JSON.parse(fs.readFileSync(path.join(out, 'uhull.json'), 'utf8'))).toEqual(onSwarm.uhull);
    expect(await probeServices(swarm)).toBe(0);

    // One truth: the traces the nodes handed back, folded here offline, give the very same pair.
    const csvs = onSwarm.traces.map((t) => t.rawCsv);
    const offline = await runCli(['hull', '--json', '--out', outFolder(), '--from', ...csvs], { timeoutMs: 60_000 });
    expect(offline.code).toBe(0);
    const fromTraces = JSON.parse(offline.stdout) as HullJson;
    expect(fromTraces.hull).toEqual(onSwarm.hull);
    expect(fromTraces.uhull).toEqual(onSwarm.uhull);

    // And the function's shape: the hull of the same image trained here peaks within 1 MiB of the swarm's.
    const here = await runCli(['hull', '--runs', '2', '--json', '--out', outFolder(), ...SHAPE], { timeoutMs: 120_000 });
    expect(here.code).toBe(0);
    expect(Math.abs(maxOf((JSON.parse(here.stdout) as HullJson).hull) - maxOf(onSwarm.hull))).toBeLessThan(1);
  });
});
