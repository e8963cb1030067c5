import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildSamples } from '../../src/tracer/samples/builder.js';
import { ensureSampleInputs } from '../../src/tracer/samples/ensure.js';
import { spawnCli } from '../support/cli.js';
import { describeWithEngine, engineForTests } from '../support/engine.js';
import { containersOf } from '../support/leftovers.js';

// Another user plants symlinks in a world-writable folder, named like every file functracer writes there,
// pointing at root's files and at paths of their choosing. Root then writes into that folder with every
// writing command. Nothing outside the folder may change, nor appear.

const docker = await engineForTests();
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'functracer-planted-'));
const outside = path.join(root, 'outside');
const trace = path.join(root, 'recorded-rawresults.csv');

afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

/** Every file outside the folder, with its content and mode: what must not change. */
function snapshot(): Map<string, string> {
  return new Map(
    fs.readdirSync(outside).map((name) => {
      const stats = fs.statSync(path.join(outside, name));
      return [name, `${(stats.mode & 0o7777).toString(8)} ${fs.readFileSync(path.join(outside, name), 'utf8')}`];
    }),
  );
}

/** `YYYYMMDD-HHMMSS` in UTC, as run ids start. */
const stamp = (ms: number) => new Date(ms).toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);

/** The names a functracer process `pid` may give its files within `seconds` from now. */
function namesOf(pid: number, seconds: number, withTraces: boolean): string[] {
  const names = ['hull.json', 'uhull.json', 'hull-plot.svg', 'hull-plot.png', 'plot.svg', 'plot.png', '.hull.lock'];
  for (let s = -1; s <= seconds; s++) {
    for (let n = 1; n <= 6; n++) {
      const id = `${stamp(Date.now() + s * 1000)}-${pid}-${n}`;
      const run = `functracer-${id}`;
      if (withTraces) names.push(`${run}-rawresults.csv`);
      names.push(`${run}-run.json`, `${run}-output.txt`);
      names.push(...['-results.dat', '-results.csv', '-plot.svg', '-plot.png'].map((end) => `functracer-multi-${id}${end}`));
      names.push(`functracer-tune-${id}-plot.svg`, `functracer-tune-${id}-plot.png`);
    }
  }
  return names;
}

let planted = 0;
/** Links each name in `dir` to a root-only file outside, or to a path outside that does not exist yet. */
function plant(dir: string, names: string[]): void {
  for (const name of names) {
    planted++;
    const target = planted % 2 === 0 ? path.join(outside, `victim-${planted % 10}`) : path.join(outside, `chosen-${planted}`);
    try {
      fs.symlinkSync(target, path.join(dir, name));
    } catch {
      // Planted already, for an earlier second.
    }
  }
}

/** Runs the CLI as root into a folder full of links planted for its pid the moment it starts. */
async function runPlanted(
  args: string[],
  dir: string,
  withTraces: boolean,
  seconds = 60,
): Promise<{ code: number; stderr: string; pid: number }> {
  const child = spawnCli(args, { cwd: root });
  plant(dir, namesOf(child.pid!, seconds, withTraces));
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  child.stdout!.resume();
  const code = await new Promise<number>((resolve) => child.on('exit', (c) => resolve(c ?? 1)));
  return { code, stderr, pid: child.pid! };
}

describeWithEngine('links planted at every output name', docker, (docker) => {
  beforeAll(async () => {
    await buildSamples(docker, { names: ['functracer/hello', 'functracer/resize', 'functracer/sleep'] });
    await ensureSampleInputs();
    fs.mkdirSync(outside);
    for (let i = 0; i < 10; i++) fs.writeFileSync(path.join(outside, `victim-${i}`), `root's own file ${i}\n`, { mode: 0o600 });
    fs.writeFileSync(trace, '12:00:00.000,0\n12:00:00.100,1048576\n12:00:00.300,2097152\n12:00:00.500,0\n');
  }, 600_000);

  const input = path.resolve(import.meta.dirname, '../../ref-data/sample-1mb.jpg');
  const commands: [string, (out: string) => string[]][] = [
    ['run', (out) => ['run', '--out', out, 'functracer/hello']],
    ['multi --plot', (out) => ['multi', '-n', '2', '--plot', '--out', out, 'functracer/hello']],
    ['hull (training) --plot', (out) => ['hull', '--runs', '1', '--fixed', input, '--plot', '--out', out]],
    ['hull --from --plot', (out) => ['hull', '--from', trace, '--plot', '--out', out]],
    ['plot --out', (out) => ['plot', trace, '--hull', '--out', path.join(out, 'plot.svg')]],
    ['tune --plot', (out) => ['tune', '--sizes', '128,256', '--runs', '1', '--plot', '--out', out, 'functracer/hello']],
  ];

  // First with the trace names planted too (a run that cannot create its CSV), then without, so every later write is reached.
  it.each(commands.flatMap(([name, args]) => [true, false].map((withTraces) => ({ name, args, withTraces }))))(
    '$name, trace names planted too: $withTraces: no file outside the folder changes or appears',
    async ({ args, withTraces }) => {
      const out = fs.mkdtempSync(path.join(root, 'shared-'));
      fs.chmodSync(out, 0o1777);
      const before = snapshot();
      const { code, stderr, pid } = await runPlanted(args(out), out, withTraces);
      expect(snapshot()).toEqual(before);
      expect(await containersOf(docker, pid)).toBe(0);
      expect(stderr).not.toContain('hit a bug');
      // Root is told, once, that others can write there.
      expect(stderr.split('\n').filter((l) => l.includes('world-writable'))).toHaveLength(1);
      if (withTraces && !args(out).includes('--from') && args(out)[0] !== 'plot') {
        // The first run's trace could not be created: said in one line, exit 2, the planted link left as it was.
        expect(code).toBe(2);
        expect(stderr).toMatch(/the trace \S+-rawresults\.csv was not written: something already stood at its name/);
      } else {
        expect(code, stderr).toBe(0);
        // What it wrote replaced the links at its names: real files now, in the folder.
        const written = fs.readdirSync(out).filter((f) => fs.lstatSync(path.join(out, f)).isFile());
        expect(written.length).toBeGreaterThan(0);
        for (const f of written) expect(path.dirname(fs.realpathSync(path.join(out, f)))).toBe(fs.realpathSync(out));
      }
    },
    180_000,
  );

  it('a run whose trace cannot be created is stopped at once, not run unrecorded to its end', async () => {
    const out = fs.mkdtempSync(path.join(root, 'shared-'));
    fs.chmodSync(out, 0o1777);
    const started = Date.now();
    const { code, stderr, pid } = await runPlanted(['run', '--out', out, 'functracer/sleep', '60'], out, true);
    expect(code).toBe(2);
    expect(stderr).toMatch(/the trace \S+-rawresults\.csv was not written: something already stood at its name/);
    // The function sleeps a minute; the run ends as soon as the start row cannot be written.
    expect(Date.now() - started).toBeLessThan(45_000);
    expect(await containersOf(docker, pid)).toBe(0);
  });
});
