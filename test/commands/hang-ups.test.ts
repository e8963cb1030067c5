import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { buildSamples } from '../../src/tracer/samples/builder.js';
import { ensureSampleInputs } from '../../src/tracer/samples/ensure.js';
import { refDataDir } from '../../src/infra/package-root.js';
import { describeWithEngine, engineForTests } from '../support/engine.js';
import { spawnCli } from '../support/cli.js';
import { containersOf, expectClosedTrace, rawCsvsIn, runCgroupsOf, waitFor } from '../support/leftovers.js';

const docker = await engineForTests();

/** Starts the CLI, waits until `ready` says the moment has come, sends `signal`, and collects what it printed. */
async function interrupt(args: string[], ready: () => boolean, signal: NodeJS.Signals) {
  const child = spawnCli(args);
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  await waitFor(() => (ready() ? true : undefined));
  child.kill(signal);
  return { code: await exited, stdout, stderr, pid: child.pid! };
}

/** The newest trace in `dir` has samples flowing, so its container is running. */
const tracing = (dir: string, traces = 1) => {
  const csvs = rawCsvsIn(dir);
  return csvs.length >= traces && fs.readFileSync(csvs.at(-1)!, 'utf8').split('\n').length > 50;
};

describeWithEngine('hang-ups and quits in the middle of multi and hull', docker, (docker) => {
  let fixed: string;
  beforeAll(async () => {
    await buildSamples(docker, { names: ['functracer/memshape', 'functracer/resize'] });
    await ensureSampleInputs();
    fixed = path.join(refDataDir(), 'sample-5mb.jpg');
  });

  for (const [signal, exitCode] of [
    ['SIGHUP', 129],
    ['SIGQUIT', 131],
  ] as const) {
    it(`multi --json on ${signal} in its first run prints its JSON, removes the container and closes the trace`, async () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), `functracer-multi-${signal}-`));
      const args = ['multi', '-n', '3', '--json', '--out', dir, 'functracer/memshape', '8:20000'];
      const { code, stdout, pid } = await interrupt(args, () => tracing(dir), signal);
      expect(code).toBe(exitCode);
      expect(JSON.parse(stdout)).toEqual({ runs: [], dat: null, csv: null, stats: null, interrupted: true });
      expect(await containersOf(docker, pid)).toBe(0);
      expect(runCgroupsOf(pid)).toEqual([]);
      expectClosedTrace(rawCsvsIn(dir)[0]!);
    });

    it(`hull on ${signal} in its second run keeps the hull files it had and says so`, async () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), `functracer-hull-${signal}-`));
      const before = { hull: '{"0.0": 1}\n', uhull: '{"0.0": 233}\n' };
      fs.writeFileSync(path.join(dir, 'hull.json'), before.hull);
      fs.writeFileSync(path.join(dir, 'uhull.json'), before.uhull);
      const args = ['hull', '--runs', '4', '--fixed', fixed, '--out', dir];
      const { code, stdout, pid } = await interrupt(args, () => tracing(dir, 2), signal);
      expect(code).toBe(exitCode);
      expect(stdout).toMatch(new RegExp(`^Interrupted by ${signal} after 1 of 4 training runs\\. No hull files written`));
      expect(stdout).not.toMatch(/^Wrote /m);
      expect(fs.readFileSync(path.join(dir, 'hull.json'), 'utf8')).toBe(before.hull);
      expect(fs.readFileSync(path.join(dir, 'uhull.json'), 'utf8')).toBe(before.uhull);
      expect(await containersOf(docker, pid)).toBe(0);
      expect(runCgroupsOf(pid)).toEqual([]);
      for (const csv of rawCsvsIn(dir)) expectClosedTrace(csv);
    });
  }

  it('hull --partial --json writes the hull of the runs that finished, and says it was interrupted', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'functracer-hull-partial-'));
    const args = ['hull', '--runs', '4', '--fixed', fixed, '--partial', '--json', '--out', dir];
    const { code, stdout } = await interrupt(args, () => tracing(dir, 2), 'SIGINT');
    expect(code).toBe(130);
    const report = JSON.parse(stdout) as { interrupted: boolean; runs: { asked: number; finished: number }; files: { uhull: string } };
    expect(report.interrupted).toBe(true);
    expect(report.runs).toEqual({ asked: 4, finished: 1 });
    expect(fs.existsSync(report.files.uhull)).toBe(true);
  });
});
