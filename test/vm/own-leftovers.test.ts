import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ownLeftoverCgroups } from './guest/own-leftovers.js';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'functracer-cgroup-tree-'));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));
const id = (c: string) => c.repeat(64);
const folders = (...dirs: string[]) => dirs.forEach((dir) => fs.mkdirSync(path.join(root, dir), { recursive: true }));

describe("test:vm counts only its own runs' leftovers", () => {
  // A host where other functracer processes trace at the same time: their runs and containers come and go as they will.
  folders(
    'memory/functracer/20261206-175044-111-1',
    'memory/functracer/20261206-175044-111-2/' + id('a'),
    'cpu,cpuacct/functracer/20261206-175044-111-2/' + id('a'),
    'memory/functracer/20261206-175101-222-1/' + id('b'),
    'memory/functracer/20261206-175101-2221-1',
    'memory/docker/' + id('c'),
    'memory/system.slice/docker-' + id('d') + '.scope',
    'unified/machine.slice/libpod-' + id('e') + '.scope/container',
    'unified/system.slice/docker-' + id('f') + '.scope',
    'pids/functracer',
  );
  const own = { pids: [111], containerIds: [id('d'), id('e')] };

  it("finds its own run parents and containers in every hierarchy, and nobody else's", () => {
    expect(
      ownLeftoverCgroups(root, own)
        .map((dir) => path.relative(root, dir))
        .sort(),
    ).toEqual(
      [
        'cpu,cpuacct/functracer/20261206-175044-111-2',
        'memory/functracer/20261206-175044-111-1',
        'memory/functracer/20261206-175044-111-2',
        'memory/system.slice/docker-' + id('d') + '.scope',
        'unified/machine.slice/libpod-' + id('e') + '.scope',
      ].sort(),
    );
  });

  it("leaves the shared functracer folders and other processes' runs alone: nothing of its own, nothing found", () => {
    expect(ownLeftoverCgroups(root, { pids: [333], containerIds: [id('9')] })).toEqual([]);
    expect(fs.existsSync(path.join(root, 'memory/functracer/20261206-175101-222-1'))).toBe(true);
  });
});
