import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildSamples } from '../../src/tracer/samples/builder.js';
import { runCli, spawnCli } from '../support/cli.js';
import { describeWithEngine, engineForTests } from '../support/engine.js';
import { containersOf } from '../support/leftovers.js';

// Scratch folders carry their owner's pid, so the next start removes those of a functracer that was killed,
// as it removes its containers and cgroups; and as root in a shared /tmp it removes nothing else.

const docker = await engineForTests();
const tmp = os.tmpdir();
const namespace = /\d+/.exec(fs.readlinkSync('/proc/self/ns/pid'))![0];
const elsewhere = fs.mkdtempSync(path.join(tmp, 'functracer-reap-test-'));
const planted: string[] = [];

/** A pid no process has now: a child that has exited and been reaped. */
const deadPid = () => spawnSync(process.execPath, ['-e', '']).pid!;

function plantFolder(name: string, uid?: number): string {
  const dir = path.join(tmp, name);
  fs.mkdirSync(path.join(dir, 'copy'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'copy', 'out.jpg'), 'output of a function');
  if (uid !== undefined) fs.chownSync(dir, uid, uid);
  planted.push(dir);
  return dir;
}

afterAll(() => {
  for (const dir of [...planted, elsewhere]) fs.rmSync(dir, { recursive: true, force: true });
});

const scratchOf = (pid: number) => fs.readdirSync(tmp).filter((name) => name.startsWith(`functracer-scratch-${pid}-${namespace}-`));

describeWithEngine('scratch folders left by a dead functracer', docker, (docker) => {
  beforeAll(async () => {
    await buildSamples(docker, { names: ['functracer/hello', 'functracer/sleep'] });
  }, 600_000);

  it('are removed at the next engine start; those of a live one, a symlink, another user or another namespace are not', async () => {
    const dead = deadPid();
    const stale = plantFolder(`functracer-scratch-${dead}-${namespace}-aaaaaa`);
    const live = plantFolder(`functracer-scratch-${process.pid}-${namespace}-bbbbbb`);
    const others = plantFolder(`functracer-scratch-${dead}-${namespace}-dddddd`, 65534);
    const otherNamespace = plantFolder(`functracer-scratch-${dead}-1-eeeeee`);
    // A link another user planted, named as ours, to a folder of root's: neither the link nor what it points at goes.
    fs.writeFileSync(path.join(elsewhere, 'keep'), 'root data');
    const link = path.join(tmp, `functracer-scratch-${dead}-${namespace}-cccccc`);
    fs.symlinkSync(elsewhere, link);
    planted.push(link);

    const out = path.join(elsewhere, 'out');
    const { code, stderr } = await runCli(['run', '--out', out, 'functracer/hello']);
    expect([code, stderr]).toEqual([0, '']);

    expect(fs.existsSync(stale)).toBe(false);
    for (const kept of [live, others, otherNamespace])
      expect(fs.readFileSync(path.join(kept, 'copy', 'out.jpg'), 'utf8')).toBe('output of a function');
    expect(fs.lstatSync(link).isSymbolicLink()).toBe(true);
    expect(fs.readFileSync(path.join(elsewhere, 'keep'), 'utf8')).toBe('root data');
  }, 120_000);

  it('one left by a functracer killed mid-run carries its pid, and goes at the next start', async () => {
    const child = spawnCli(['run', '--out', path.join(elsewhere, 'killed'), 'functracer/sleep', '30']);
    const pid = child.pid!;
    // The run is going: its container exists, so its scratch folder does too.
    await expect.poll(() => containersOf(docker, pid), { timeout: 60_000, interval: 100 }).toBeGreaterThan(0);
    expect(scratchOf(pid)).toHaveLength(1);
    child.kill('SIGKILL');
    await new Promise((resolve) => child.on('exit', resolve));
    expect(scratchOf(pid)).toHaveLength(1);

    const { code, stderr } = await runCli(['run', '--out', path.join(elsewhere, 'next'), 'functracer/hello']);
    expect([code, stderr]).toEqual([0, '']);
    expect(scratchOf(pid)).toEqual([]);
    // The next start removed the killed run's container too, as it always did.
    expect(await containersOf(docker, pid)).toBe(0);
  }, 120_000);
});
