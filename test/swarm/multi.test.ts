import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, spawnCli } from '../support/cli.js';
import { until, type TestSwarm } from '../support/swarm.js';
import { noContainersLeft, outFolder, removeOutFolders, probeServices, runningProbes, swarmWithSamples } from './support.js';

interface MultiJson {
  runs: { node?: string; peakBytes: number; rawCsv: string; exitCode: number }[];
  dat: string;
  lost?: { run: number; node: string }[];
}

describe('multi --on swarm', () => {
  let swarm: TestSwarm;
  let env: NodeJS.ProcessEnv;
  beforeAll(async () => {
    swarm = await swarmWithSamples(['functracer/sleep', 'functracer/memshape']);
    env = { DOCKER_HOST: swarm.managerHost };
  });
  afterAll(async () => {
    removeOutFolders();
    await swarm?.remove();
  });

  it('spreads the runs over both nodes, two at once, into the same files as a local multi, each run naming its node', async () => {
    const out = outFolder();
    const args = ['multi', '--on', 'swarm', '--parallel', '2', '--registry', swarm.registry, '--json', '--out', out, '-n', '4'];
    const { code, stdout, stderr } = await runCli([...args, 'functracer/sleep', '1'], { env, timeoutMs: 280_000 });
    expect(stderr).not.toMatch(/Error|bug/);
    expect(code).toBe(0);
    const result = JSON.parse(stdout) as MultiJson;
    expect(result.runs).toHaveLength(4);
    const hostnames = new Set(result.runs.map((r) => r.node));
    expect(hostnames.size).toBe(2);
    expect(fs.readFileSync(result.dat, 'utf8').trim().split('\n')).toHaveLength(4);
    for (const run of result.runs) {
      const record = JSON.parse(fs.readFileSync(run.rawCsv.replace(/-rawresults\.csv$/, '-run.json'), 'utf8')) as {
        node: string;
        image: string;
      };
      expect(record.node).toBe(run.node);
      // The record names the image as the user typed it, not as the nodes pulled it from the registry.
      expect(record.image).toBe('functracer/sleep');
      expect(path.dirname(run.rawCsv)).toBe(out);
    }
    expect(await probeServices(swarm)).toBe(0);
  });

  it('gives the same peaks as a local multi of the same memshape, within 1 MiB', async () => {
    const shape = ['functracer/memshape', '40:600'];
    const local = await runCli(['multi', '--json', '--out', outFolder(), '-n', '2', ...shape], { timeoutMs: 120_000 });
    expect(local.code).toBe(0);
    const onSwarm = await runCli(
      ['multi', '--on', 'swarm', '--parallel', '2', '--registry', swarm.registry, '--json', '--out', outFolder(), '-n', '2', ...shape],
      {
        env,
        timeoutMs: 280_000,
      },
    );
    expect(onSwarm.stderr).toBe('');
    expect(onSwarm.code).toBe(0);
    const peaks = (json: string) => (JSON.parse(json) as MultiJson).runs.map((r) => r.peakBytes);
    for (const peak of peaks(onSwarm.stdout)) {
      for (const localPeak of peaks(local.stdout)) expect(Math.abs(peak - localPeak)).toBeLessThan(2 ** 20);
    }
  });

  it('runs the image the tag names now on a node that ran an older build under the same tag', async () => {
    // Two builds of one name, told apart by their memory: each holds its MiB for 300 ms.
    const build = async (mib: number) => {
      const container = await swarm.manager.docker.createContainer({ Image: 'functracer/memshape', Cmd: [`${mib}:300`] });
      await container.commit({ repo: 'functracer-test/rebuilt', tag: '1' });
      await container.remove();
    };
    const peaksMiB = async () => {
      const args = ['multi', '--on', 'swarm', '--parallel', '2', '--registry', swarm.registry, '--json', '--out', outFolder(), '-n', '2'];
      const { code, stdout } = await runCli([...args, 'functracer-test/rebuilt:1'], { env, timeoutMs: 280_000 });
      expect(code).toBe(0);
      const { runs } = JSON.parse(stdout) as MultiJson;
      expect(new Set(runs.map((r) => r.node)).size).toBe(2);
      return runs.map((r) => Math.round(r.peakBytes / 2 ** 20));
    };
    await build(24);
    for (const peak of await peaksMiB()) expect(peak).toBeLessThan(36);
    await build(48);
    // Both nodes hold the first build under the registry's tag; pulled by digest, they run the second.
    for (const peak of await peaksMiB()) expect(peak).toBeGreaterThan(44);
  });

  it('stops on Ctrl-C: the services it made are removed, no task or function container is left, and the finished runs are kept', async () => {
    const out = outFolder();
    const cli = spawnCli(
      ['multi', '--on', 'swarm', '--parallel', '2', '--registry', swarm.registry, '--out', out, '-n', '3', 'functracer/sleep', '60'],
      { env },
    );
    const exited = new Promise<number | null>((resolve) => cli.once('exit', (code) => resolve(code)));
    await until('two probes running', async () => (await runningProbes(swarm)).length === 2, 180_000);
    cli.kill('SIGINT');
    expect(await exited).toBe(130);
    expect(await probeServices(swarm)).toBe(0);
    await noContainersLeft(swarm);
  });

  it('shares the nodes between two coordinators at once without two measurements ever on one node', async () => {
    const args = () => [
      'multi',
      '--on',
      'swarm',
      '--parallel',
      '2',
      '--registry',
      swarm.registry,
      '--json',
      '--out',
      outFolder(),
      '-n',
      '2',
      'functracer/sleep',
      '3',
    ];
    let most = 0;
    let watching = true;
    const watch = (async () => {
      while (watching) {
        const nodes = await runningProbes(swarm);
        most = Math.max(most, ...[...new Set(nodes)].map((n) => nodes.filter((m) => m === n).length));
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    })();
    const both = await Promise.all([0, 1].map(() => runCli(args(), { env, timeoutMs: 280_000 })));
    watching = false;
    await watch;
    for (const { code, stdout } of both) {
      expect(code).toBe(0);
      expect((JSON.parse(stdout) as MultiJson).runs).toHaveLength(2);
    }
    expect(most).toBe(1);
    expect(await probeServices(swarm)).toBe(0);
  });
});
