import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeAll, expect, it } from 'vitest';
import { buildSamples } from '../../src/tracer/samples/builder.js';
import { describeWithEngine, engineForTests } from '../support/engine.js';
import { spawnCli } from '../support/cli.js';
import { FreezingProxy } from '../support/freezing-proxy.js';
import { expectClosedTrace, rawCsvsIn, waitFor } from '../support/leftovers.js';

const docker = await engineForTests();
const DEADLINE_MS = 2000;
let proxy: FreezingProxy | undefined;

afterEach(() => {
  proxy?.close();
  proxy = undefined;
});

/** Runs the CLI through a proxy that freezes once the trace has samples, then maybe sends `signal`. */
async function runThroughFreeze(args: string[], dir: string, signal?: NodeJS.Signals) {
  proxy = new FreezingProxy();
  await proxy.listen();
  const child = spawnCli(args, { env: { DOCKER_HOST: proxy.dockerHost, FUNCTRACER_ENGINE_TIMEOUT_MS: String(DEADLINE_MS) } });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  await waitFor(() => rawCsvsIn(dir).find((csv) => fs.readFileSync(csv, 'utf8').split('\n').length > 100));
  proxy.freeze();
  const frozenAt = Date.now();
  if (signal) child.kill(signal);
  const code = await exited;
  return { code, stderr, ms: Date.now() - frozenAt };
}

describeWithEngine('an engine that stops answering in the middle of a run', docker, (docker) => {
  beforeAll(async () => {
    await buildSamples(docker, { names: ['functracer/memshape', 'functracer/sleep'] });
  });

  /** The run's container, which the frozen engine could not remove: named in the error, removed here. */
  async function expectNamedAndRemove(stderr: string): Promise<void> {
    const lines = stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    const name = /docker rm -f (functracer-\S+?)(;|$)/.exec(lines[0]!)?.[1];
    expect(name).toBeDefined();
    expect(lines[0]).toMatch(new RegExp(`did not remove container ${name}`));
    await docker.getContainer(name!).remove({ force: true });
  }

  it('Ctrl-C ends the run within the deadlines, closes the trace and names the container it could not remove', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'functracer-wedged-stop-'));
    const { code, stderr, ms } = await runThroughFreeze(['run', '--out', dir, 'functracer/sleep', '60'], dir, 'SIGINT');
    expect(code).toBe(2);
    expect(stderr).toMatch(/^functracer: the engine did not report the stop of functracer-\S+ within 2 s, and the engine did not remove/);
    // One deadline for the kill, one for the removal, and a second's slack.
    expect(ms).toBeLessThan(2 * DEADLINE_MS + 3000);
    expectClosedTrace(rawCsvsIn(dir)[0]!);
    await expectNamedAndRemove(stderr);
  });

  it('a function that exits while the engine is silent ends the run once its cgroup is gone', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'functracer-wedged-exit-'));
    const { code, stderr } = await runThroughFreeze(['run', '--out', dir, 'functracer/memshape', '8:1500'], dir);
    expect(code).toBe(2);
    expect(stderr).toMatch(/^functracer: the engine did not report the exit of functracer-\S+ within 2 s, and the engine did not remove/);
    expectClosedTrace(rawCsvsIn(dir)[0]!);
    await expectNamedAndRemove(stderr);
  });
});
