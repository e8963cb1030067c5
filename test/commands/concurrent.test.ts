import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { buildSamples } from '../../src/tracer/samples/builder.js';
import { dockerRuntime } from '../../src/tracer/docker-runtime.js';
import { describeWithEngine, engineForTests } from '../support/engine.js';
import { runCli, spawnCli } from '../support/cli.js';
import { containersOf, rawCsvsIn, runCgroupsOf, waitFor } from '../support/leftovers.js';

const docker = await engineForTests();
const ROUNDS = 20;
const AT_ONCE = 4;

/** A functracer killed with SIGKILL mid-run: its container and run cgroup stay behind for the next start to reap. */
async function leaveOrphan(dir: string): Promise<number> {
  const child = spawnCli(['run', '--out', dir, 'functracer/sleep', '30']);
  const exited = new Promise((resolve) => child.on('exit', resolve));
  await waitFor(() => rawCsvsIn(dir).find((csv) => fs.readFileSync(csv, 'utf8').split('\n').length > 20));
  child.kill('SIGKILL');
  await exited;
  return child.pid!;
}

describeWithEngine('functracer processes side by side', docker, (docker) => {
  let driver: 'cgroupfs' | 'systemd';
  beforeAll(async () => {
    await buildSamples(docker, { names: ['functracer/hello', 'functracer/sleep'] });
    driver = (await dockerRuntime(docker).placement()).driver;
  });

  it(`${AT_ONCE} processes started at once, ${ROUNDS} times over, each beside a killed run's leftovers, all succeed`, async () => {
    const killed: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), `functracer-side-${round}-`));
      killed.push(await leaveOrphan(dir));
      // A run parent exists only on the cgroupfs driver; under systemd the container's scope goes with it.
      if (driver === 'cgroupfs') expect(runCgroupsOf(killed.at(-1)!).length).toBeGreaterThan(0);
      expect(await containersOf(docker, killed.at(-1)!)).toBe(1);
      const runs = await Promise.all(
        Array.from({ length: AT_ONCE }, () => runCli(['run', '--json', '--out', dir, 'functracer/hello'], { timeoutMs: 60_000 })),
      );
      for (const { code, stdout, stderr } of runs) {
        expect({ round, code, stderr }).toEqual({ round, code: 0, stderr: '' });
        expect((JSON.parse(stdout) as { exitCode: number }).exitCode).toBe(0);
      }
      fs.rmSync(dir, { recursive: true, force: true });
    }
    // Every start reaps what killed runs left, so once the last round is over nothing of theirs remains.
    expect(await Promise.all(killed.map((pid) => containersOf(docker, pid)))).toEqual(killed.map(() => 0));
    expect(killed.flatMap(runCgroupsOf)).toEqual([]);
  }, 600_000);
});
