import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildSamples } from '../../src/tracer/samples/builder.js';
import { runCli } from '../support/cli.js';
import { describeWithEngine, engineForTests } from '../support/engine.js';
import { containersOf, runCgroupsOf } from '../support/leftovers.js';

const docker = await engineForTests();
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'functracer-out-folder-'));
const trace = path.join(root, 'a-rawresults.csv');
fs.writeFileSync(trace, '12:00:00.000,0\n12:00:00.100,1048576\n12:00:00.300,2097152\n12:00:00.500,0\n');
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

// Root passes access(W_OK) everywhere; these folders take no file, and used to cost a run and leave a cgroup.
const refused = ['/sys/fs/cgroup/memory/functracer-out-check', '/proc/functracer-out-check'];

describeWithEngine('an --out folder where no file can be made', docker, (docker) => {
  beforeAll(async () => {
    await buildSamples(docker, { names: ['functracer/hello'] });
  }, 600_000);

  it.each(refused.flatMap((out) => [['run', out] as const, ['multi', out] as const]))(
    '%s --out %s is refused in one line before any container runs, leaving no folder or cgroup',
    async (command, out) => {
      const args = command === 'multi' ? ['multi', '-n', '2'] : ['run'];
      const { code, stderr, pid } = await runCli([...args, '--out', out, 'functracer/hello']);
      expect(code).toBe(2);
      expect(stderr).toMatch(new RegExp(`^functracer: --out ${out} cannot be used as an output folder: .*\\n$`));
      expect(fs.existsSync(out)).toBe(false);
      expect(await containersOf(docker, pid)).toBe(0);
      expect(runCgroupsOf(pid)).toEqual([]);
    },
  );
});

it.each(refused)('refuses --out %s before asking any engine', async (out) => {
  // An engine that is not there would be the error if the engine were asked first.
  const { code, stderr } = await runCli(['run', '--out', out, 'functracer/hello'], { env: { DOCKER_HOST: 'unix:///nonexistent.sock' } });
  expect([code, stderr.split('\n')[0]]).toEqual([2, expect.stringMatching(/--out \S+ cannot be used as an output folder/)]);
});

it.each([
  [
    '0777',
    /^functracer: warning: \S+ is world-writable without the sticky bit: other users can replace or remove the files written there$/,
  ],
  ['1777', /^functracer: warning: \S+ is world-writable: other users can put their own files beside the ones written there$/],
])('root writing into a folder of mode %s is warned in one line on stderr, and the files are written', async (mode, line) => {
  const out = fs.mkdtempSync(path.join(root, 'shared-'));
  fs.chmodSync(out, parseInt(mode, 8));
  const { code, stdout, stderr } = await runCli(['hull', '--from', trace, '--out', out, '--json']);
  expect(code).toBe(0);
  expect(JSON.parse(stdout).files.hull).toBe(path.join(out, 'hull.json'));
  if (process.getuid?.() !== 0) return;
  expect(stderr.trimEnd().split('\n')).toHaveLength(1);
  expect(stderr.trimEnd()).toMatch(line);
});

it('a folder only root can write gets no warning', async () => {
  const out = fs.mkdtempSync(path.join(root, 'own-'));
  const { code, stderr } = await runCli(['hull', '--from', trace, '--out', out]);
  expect([code, stderr]).toEqual([0, '']);
});

it('refuses an --out that goes through a link another user put in a folder anyone may write to, and writes nothing there', async () => {
  if (process.getuid?.() !== 0) return;
  const shared = fs.mkdtempSync(path.join(root, 'sticky-'));
  fs.chmodSync(shared, 0o1777);
  const victim = fs.mkdtempSync(path.join(root, 'victim-'));
  fs.writeFileSync(path.join(victim, 'hull.json'), 'root-only', { mode: 0o600 });
  // As a user with uid 4242 would: a link in the shared folder, under a name root then gives as --out.
  const planted = path.join(shared, 'outdir');
  fs.symlinkSync(victim, planted);
  fs.lchownSync(planted, 4242, 4242);
  const { code, stderr } = await runCli(['hull', '--from', trace, '--out', planted]);
  expect(code).toBe(2);
  expect(stderr).toMatch(
    /^functracer: --out \S+outdir cannot be used as an output folder: \S+outdir is a link that uid 4242 put in \S+sticky-\w+, where anyone may write/,
  );
  expect(fs.readFileSync(path.join(victim, 'hull.json'), 'utf8')).toBe('root-only');
  expect(fs.readdirSync(victim)).toEqual(['hull.json']);
  // The same link made by root itself is root's own: followed as any link is.
  fs.lchownSync(planted, 0, 0);
  expect((await runCli(['hull', '--from', trace, '--out', planted])).code).toBe(0);
  expect(fs.readdirSync(victim).sort()).toEqual(['hull.json', 'uhull.json']);
});
