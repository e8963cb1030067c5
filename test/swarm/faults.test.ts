import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, spawnCli } from '../support/cli.js';
import { until, type TestSwarm } from '../support/swarm.js';
import { containersLeft, outFolder, removeOutFolders, probeServices, runningProbes, swarmWithSamples } from './support.js';

describe('a swarm that fails under the runs', () => {
  let swarm: TestSwarm;
  beforeAll(async () => {
    swarm = await swarmWithSamples(['functracer/sleep']);
  });
  afterAll(async () => {
    removeOutFolders();
    await swarm?.remove();
  });

  it('says in one line that a node without the image cannot start the probe, when no registry is given', async () => {
    const { code, stdout, stderr } = await runCli(
      ['multi', '--on', 'swarm', '--out', outFolder(), '-n', '2', '--parallel', '2', 'functracer/sleep', '0'],
      {
        env: { DOCKER_HOST: swarm.managerHost },
        timeoutMs: 280_000,
      },
    );
    expect(code).toBe(1);
    expect(`${stdout}${stderr}`).toMatch(/cannot start the probe: .*--registry/is);
    expect(stderr).not.toMatch(/\n\s+at /);
    expect(await probeServices(swarm)).toBe(0);
  });

  it('doctor --on swarm checks each node through a probe, and gives the fix for a node without the probe image', async () => {
    const env = { DOCKER_HOST: swarm.managerHost };
    const bare = await runCli(['doctor', '--on', 'swarm', '--json'], { env, timeoutMs: 280_000 });
    expect(bare.code).toBe(1);
    const missing = (JSON.parse(bare.stdout) as { name: string; state: string; fix?: string }[]).filter((c) => c.state === 'missing');
    expect(missing).toHaveLength(1);
    expect(missing[0]!.fix).toMatch(/--registry/);
    const { code, stdout } = await runCli(
      ['doctor', '--on', 'swarm', '--json', '--registry', swarm.registry, '--image', 'functracer/sleep'],
      {
        env,
        timeoutMs: 280_000,
      },
    );
    const checks = JSON.parse(stdout) as { name: string; state: string; detail: string }[];
    expect(code).toBe(0);
    for (const part of ['engine', 'cgroups', 'images', 'clock'])
      expect(checks.filter((c) => c.name.endsWith(`: ${part}`) && c.state === 'ok')).toHaveLength(2);
    expect(checks.find((c) => c.name.endsWith(': cgroups'))!.detail).toMatch(/^v1 at \/sys\/fs\/cgroup\/memory/);
    expect(await probeServices(swarm)).toBe(0);
  });

  it('runs again elsewhere the run of a probe that crashed, and removes the function it left on its node', async () => {
    const ids = await swarm.nodeIds();
    const cli = spawnCli(
      ['multi', '--on', 'swarm', '--registry', swarm.registry, '--json', '--out', outFolder(), '-n', '1', 'functracer/sleep', '10'],
      {
        env: { DOCKER_HOST: swarm.managerHost },
      },
    );
    let stdout = '';
    cli.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => cli.once('exit', (code) => resolve(code)));
    let node = '';
    await until(
      'the probe and its function running',
      async () => {
        node = (await runningProbes(swarm))[0] ?? '';
        const engine = swarm.engines[ids.indexOf(node)];
        return engine !== undefined && (await engine.docker.listContainers()).length === 2;
      },
      180_000,
    );
    const engine = swarm.engines[ids.indexOf(node)]!;
    const probe = (await engine.docker.listContainers()).find((c) => c.Names.some((n) => n.startsWith('/functracer-probe-')))!;
    // The probe dies as a crash would: SIGKILL, no word, its function still running.
    await engine.docker.getContainer(probe.Id).kill();
    expect(await exited).toBe(0);
    const result = JSON.parse(stdout) as { runs: { node: string }[] };
    expect(result.runs).toHaveLength(1);
    expect(await probeServices(swarm)).toBe(0);
    await until('no container left on either node', async () => (await containersLeft(swarm)).length === 0, 90_000);
  });

  it('runs again on the other node what a node killed mid-run was running, and leaves nothing behind', async () => {
    const [, worker] = await swarm.nodeIds();
    const cli = spawnCli(
      [
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
        '15',
      ],
      {
        env: { DOCKER_HOST: swarm.managerHost },
      },
    );
    let stdout = '';
    cli.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => cli.once('exit', (code) => resolve(code)));
    await until('a probe running on each node', async () => new Set(await runningProbes(swarm)).size === 2, 180_000);
    expect(await runningProbes(swarm)).toContain(worker);
    swarm.killNode(1);
    expect(await exited).toBe(0);
    const result = JSON.parse(stdout) as { runs: { node: string }[] };
    expect(result.runs).toHaveLength(2);
    // Both finished on the manager: the lost run went there once the first was done.
    expect(new Set(result.runs.map((r) => r.node)).size).toBe(1);
    expect(await probeServices(swarm)).toBe(0);
    await until('no container on the live node', async () => (await containersLeft(swarm)).length === 0, 90_000);
  });
});
