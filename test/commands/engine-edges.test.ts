import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildSamples } from '../../src/tracer/samples/builder.js';
import { describeWithEngine, engineForTests } from '../support/engine.js';
import { runCli } from '../support/cli.js';

const docker = await engineForTests();

describeWithEngine('engine edge cases', docker, (docker) => {
  let proxy: net.Server;
  let port = 0;
  beforeAll(async () => {
    await buildSamples(docker, { names: ['functracer/sleep', 'functracer/memshape'] });
    // A loopback TCP door to the local engine: to functracer it is a remote engine, whose cgroups it must not assume it can read.
    proxy = net.createServer((client) => {
      const engine = net.connect('/var/run/docker.sock');
      client.pipe(engine).pipe(client);
      client.on('error', () => engine.destroy());
      engine.on('error', () => client.destroy());
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    port = (proxy.address() as net.AddressInfo).port;
  });
  afterAll(() => proxy.close());

  it('falls back to the stats API for an engine reached over tcp://, and says so', async () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'functracer-remote-'));
    const { code, stdout } = await runCli(['run', '--json', '--out', out, 'functracer/memshape', '24:2200'], {
      env: { DOCKER_HOST: `tcp://127.0.0.1:${port}` },
    });
    expect(code).toBe(0);
    const report = JSON.parse(stdout) as { sampler: string; samples: number; sampledPeakBytes: number };
    expect(report.sampler).toBe('stats-api');
    expect(report.samples).toBeGreaterThanOrEqual(1);
    expect(report.sampledPeakBytes).toBeGreaterThan(20 * 1024 * 1024);
  });

  it('removes a container a crashed functracer left behind, and leaves a live one alone', async () => {
    const labels = (pid: number) => ({ functracer: '1', 'functracer.owner-pid': String(pid) });
    const dead = await docker.createContainer({
      Image: 'functracer/sleep',
      Cmd: ['30'],
      Labels: labels(2 ** 22 + 12345),
      HostConfig: { NetworkMode: 'none' },
    });
    const alive = await docker.createContainer({
      Image: 'functracer/sleep',
      Cmd: ['30'],
      Labels: labels(process.pid),
      HostConfig: { NetworkMode: 'none' },
    });
    // A dead pid on another host (or pid namespace) proves nothing: that owner may be alive there.
    const elsewhere = await docker.createContainer({
      Image: 'functracer/sleep',
      Cmd: ['30'],
      Labels: { ...labels(2 ** 22 + 12346), 'functracer.owner-host': 'another-host/pid:[1]' },
      HostConfig: { NetworkMode: 'none' },
    });
    try {
      const { code } = await runCli(['run', '--out', os.tmpdir(), 'functracer/memshape', '1:10']);
      expect(code).toBe(0);
      const left = (await docker.listContainers({ all: true, filters: { label: ['functracer'] } })).map((c) => c.Id);
      expect(left).not.toContain(dead.id);
      expect(left).toContain(alive.id);
      expect(left).toContain(elsewhere.id);
    } finally {
      await alive.remove({ force: true });
      await elsewhere.remove({ force: true });
      await dead.remove({ force: true }).catch(() => undefined);
    }
  });
});
