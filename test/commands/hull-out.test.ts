import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, it } from 'vitest';
import { runCli } from '../support/cli.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'functracer-hull-out-'));
const trace = path.join(dir, 'a-rawresults.csv');
fs.writeFileSync(trace, '12:00:00.000,0\n12:00:00.100,1048576\n12:00:00.300,2097152\n12:00:00.500,0\n');
fs.mkdirSync(path.join(dir, 'taken', 'hull.json'), { recursive: true });

it.each([
  ['a folder under /proc, where a recursive mkdir never returns', '/proc/functracer-nope', /--out \/proc\/functracer-nope cannot be used/],
  ['a file', trace, /cannot be used as an output folder: a file stands where a folder should be \(ENOTDIR\)/],
  ['a folder whose hull.json is a folder', path.join(dir, 'taken'), /cannot write the hull into .*taken: it is a folder \(EISDIR\)/],
])('hull --from with --out %s: one line, exit 2, no bug report', async (_what, out, message) => {
  const { code, stdout, stderr } = await runCli(['hull', '--from', trace, '--out', out], { timeoutMs: 20_000 });
  expect(code).toBe(2);
  expect(stdout).toBe('');
  expect(stderr.trim().split('\n')).toHaveLength(1);
  expect(stderr).toMatch(message);
  expect(stderr).not.toContain('hit a bug');
});

it.each([
  [['--runs', '5'], '--runs is for training, and --from reads recorded traces instead. Drop --runs, or drop --from to train'],
  [
    ['--seed', '1', '--partial'],
    '--seed, --partial are for training, and --from reads recorded traces instead. Drop --seed, --partial, or drop --from to train',
  ],
])('hull --from refuses training flags it would ignore: %j', async (flags, line) => {
  const out = path.join(dir, 'ignored');
  const { code, stderr } = await runCli(['hull', '--from', trace, '--out', out, ...flags], { timeoutMs: 20_000 });
  expect([code, stderr]).toEqual([2, `functracer: ${line}\n`]);
  expect(fs.existsSync(out)).toBe(false);
});
