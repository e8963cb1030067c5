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
/**
 * Each round cycles five containers at once. More rounds prove no more about functracer, and make it likelier that
 * Debian 12's engine deadlocks in libnetwork while containers come and go (moby/moby#42545; seen here once in 20 rounds).
 */
const ROUNDS = 8;
const AT_ONCE = 4;
/**
 * What is tested is processes side by side, not the engine's deadline (test/commands/wedged-engine.test.ts is). On a
 * loaded host the shared engine itself answers nothing, not even a ping, for 15.7-17 s now and then while containers
 * are killed and started at once (a ping every 200 ms saw it; its log is silent as long), which the 15 s deadline
 * rightly calls silent: the runs here are given a minute.
 */
const ENV = { FUNCTRACER_ENGINE_TIMEOUT_MS: '60000' };

/** A functracer killed with SIGKILL mid-run: its container and run cgroup stay behind for the next start to reap. */
async function leaveOrphan(dir: string): Promise<number> {
  const child = spawnCli(['run', '--out', dir, 'functracer/sleep', '30'], { env: ENV });
  const exited = new Promise((resolve) => child.on('exit', resolve));
  await waitFor(() => rawCsvsIn(dir).find((csv) => fs.readFileSync(csv, 'utf8').split('\n').length > 20), 120_000);
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
        Array.from({ length: AT_ONCE }, () =>
          runCli(['run', '--json', '--out', dir, 'functracer/hello'], { env: ENV, timeoutMs: 180_000 }),
        ),
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
