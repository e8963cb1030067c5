import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { readDat } from '../../src/core/dat.js';
import { buildSamples } from '../../src/tracer/samples/builder.js';
import { runCli } from '../support/cli.js';
import { describeWithEngine, engineForTests } from '../support/engine.js';
import { containersOf, runCgroupsOf } from '../support/leftovers.js';
import { SmallDisk } from '../support/tmpfs.js';

// A full disk is a user's problem to fix, not a bug: one line saying what was lost and what was kept, exit 2,
// and never an empty or cut file where a whole one should be.

const docker = await engineForTests();
let disk: SmallDisk;

function oneLine(stderr: string): string {
  const lines = stderr.trim().split('\n');
  expect(lines, stderr).toHaveLength(1);
  expect(stderr).not.toContain('hit a bug');
  return lines[0]!;
}

/** No file is empty, none is a temporary left behind, and every record and table parses. */
function expectWholeFiles(out: string): void {
  for (const name of fs.readdirSync(out)) {
    const file = path.join(out, name);
    expect(name, 'a temporary left behind').not.toMatch(/\.tmp$/);
    if (name.endsWith('-run.json')) expect(() => JSON.parse(fs.readFileSync(file, 'utf8')), name).not.toThrow();
    if (!name.endsWith('-rawresults.csv')) expect(fs.statSync(file).size, `${name} is empty`).toBeGreaterThan(0);
  }
}

describeWithEngine('writing commands on a full disk', docker, (docker) => {
  beforeAll(async () => {
    await buildSamples(docker, { names: ['functracer/hello'] });
    disk = new SmallDisk(512 * 1024);
  }, 600_000);
  afterAll(() => disk?.unmount());

  it('run, with no room to a few pages: exit 0, or exit 2 in one line; never a 0-byte run record; no container left', async () => {
    const outcomes = new Set<number>();
    for (let pages = 0; pages <= 4; pages++) {
      const out = path.join(disk.dir, `run-${pages}`);
      fs.mkdirSync(out);
      disk.leave(pages * 4096);
      const { code, stderr, pid } = await runCli(['run', '--out', out, 'functracer/hello']);
      outcomes.add(code);
      expect([0, 2], stderr).toContain(code);
      if (code === 2) expect(oneLine(stderr)).toMatch(/the disk is full \(ENOSPC\).*(kept|nothing of it)/);
      expectWholeFiles(out);
      expect(await containersOf(docker, pid)).toBe(0);
      expect(runCgroupsOf(pid)).toEqual([]);
    }
    // With no room at all the run cannot be kept, and with a few pages it can.
    expect(outcomes).toEqual(new Set([0, 2]));
    disk.empty();
  }, 180_000);

  it('multi, with no room to a few pages: exit 0, or exit 2 in one line, never 70; its tables whole and in step', async () => {
    const outcomes = new Set<number>();
    for (let pages = 0; pages <= 8; pages += 2) {
      const out = path.join(disk.dir, `multi-${pages}`);
      fs.mkdirSync(out);
      disk.leave(pages * 4096);
      const { code, stderr, pid } = await runCli(['multi', '-n', '2', '--out', out, 'functracer/hello']);
      outcomes.add(code);
      expect([0, 2], stderr).toContain(code);
      if (code === 2) expect(oneLine(stderr)).toMatch(/the disk is full \(ENOSPC\)/);
      expectWholeFiles(out);
      const dat = fs.readdirSync(out).find((f) => f.endsWith('-results.dat'));
      if (dat) {
        const rows = readDat(fs.readFileSync(path.join(out, dat), 'utf8'), dat).length;
        const csvRows =
          fs
            .readFileSync(path.join(out, dat.replace(/\.dat$/, '.csv')), 'utf8')
            .trim()
            .split('\n').length - 1;
        expect(csvRows, 'the .dat and the CSV hold the same runs').toBe(rows);
      }
      expect(await containersOf(docker, pid)).toBe(0);
    }
    expect(outcomes.has(2)).toBe(true);
    disk.empty();
  }, 300_000);
});
