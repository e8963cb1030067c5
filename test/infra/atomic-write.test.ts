import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { replaceFile, replaceFiles } from '../../src/infra/atomic-write.js';
import { checkOutDir, sharedFolderWarning } from '../../src/infra/out-dir.js';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'functracer-atomic-'));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));
let n = 0;
const folder = () => fs.mkdtempSync(path.join(root, `${++n}-`));
/** What a folder holds besides the named files: a temporary or a lock left behind would show here. */
const leftovers = (dir: string, ...named: string[]) => fs.readdirSync(dir).filter((f) => !named.includes(f));

function removeIfEmpty(dir: string): boolean {
  try {
    fs.rmdirSync(dir);
    return true;
  } catch {
    return false;
  }
}

/** A pid that no process has now: a child that has exited and been reaped. */
function deadPid(): number {
  return spawnSync(process.execPath, ['-e', '']).pid!;
}

describe('replaceFiles', () => {
  it('replaces a symlink planted at the name, never the file it points at, and leaves no temporary', async () => {
    const dir = folder();
    const victim = path.join(root, `victim-${n}`);
    fs.writeFileSync(victim, 'root only\n', { mode: 0o600 });
    fs.symlinkSync(victim, path.join(dir, 'hull.json'));
    fs.symlinkSync(path.join(root, `chosen-${n}`), path.join(dir, 'uhull.json'));
    await replaceFiles([
      { path: path.join(dir, 'uhull.json'), data: 'new uhull\n' },
      { path: path.join(dir, 'hull.json'), data: 'new hull\n' },
    ]);
    expect(fs.readFileSync(victim, 'utf8')).toBe('root only\n');
    expect(fs.existsSync(path.join(root, `chosen-${n}`))).toBe(false);
    expect(fs.lstatSync(path.join(dir, 'hull.json')).isFile()).toBe(true);
    expect(fs.readFileSync(path.join(dir, 'hull.json'), 'utf8')).toBe('new hull\n');
    expect(leftovers(dir, 'hull.json', 'uhull.json')).toEqual([]);
  });

  it('renames none of a set when one target cannot be replaced: the old files stay, the temporaries go', async () => {
    const dir = folder();
    fs.writeFileSync(path.join(dir, 'a'), 'old a');
    fs.mkdirSync(path.join(dir, 'b'));
    const write = replaceFiles([
      { path: path.join(dir, 'a'), data: 'new a' },
      { path: path.join(dir, 'b'), data: 'new b' },
    ]);
    await expect(write).rejects.toMatchObject({ code: 'EISDIR' });
    expect(fs.readFileSync(path.join(dir, 'a'), 'utf8')).toBe('old a');
    expect(leftovers(dir, 'a', 'b')).toEqual([]);
  });

  it('breaks a lock whose holder is dead, and one that is a planted symlink, without touching its target', async () => {
    const dir = folder();
    const lock = path.join(dir, '.lock');
    fs.writeFileSync(lock, `${deadPid()} ${os.hostname()}\n`);
    const started = Date.now();
    await replaceFiles([{ path: path.join(dir, 'x'), data: '1' }], { lock });
    // Broken at once for a dead holder, not after the seconds a lock takes to go stale by age.
    expect(Date.now() - started).toBeLessThan(3000);
    expect(fs.existsSync(lock)).toBe(false);

    const target = path.join(root, `lock-target-${n}`);
    fs.writeFileSync(target, 'keep');
    fs.symlinkSync(target, lock);
    await replaceFiles([{ path: path.join(dir, 'x'), data: '2' }], { lock });
    expect(fs.readFileSync(target, 'utf8')).toBe('keep');
    expect(fs.readFileSync(path.join(dir, 'x'), 'utf8')).toBe('2');
    expect(leftovers(dir, 'x')).toEqual([]);
  });

  it('waits for a lock a live writer holds, and writes once it is released', async () => {
    const dir = folder();
    const lock = path.join(dir, '.lock');
    fs.writeFileSync(lock, `${process.pid} ${os.hostname()}\n`);
    let done = false;
    const write = replaceFiles([{ path: path.join(dir, 'x'), data: 'mine' }], { lock }).then(() => (done = true));
    // The writer has written its temporary and waits at the lock: nothing renamed yet.
    await expect.poll(() => leftovers(dir, '.lock').some((f) => f.endsWith('.tmp')), { timeout: 10_000 }).toBe(true);
    expect(done).toBe(false);
    expect(fs.existsSync(path.join(dir, 'x'))).toBe(false);
    fs.unlinkSync(lock);
    await write;
    expect(fs.readFileSync(path.join(dir, 'x'), 'utf8')).toBe('mine');
  });

  it("with a lock, writers of the same pair at once always leave one writer's pair, never a mix", async () => {
    const dir = folder();
    const lock = path.join(dir, '.lock');
    const pair = (who: string) => [
      { path: path.join(dir, 'uhull.json'), data: `${who}\n`.repeat(20_000) },
      { path: path.join(dir, 'hull.json'), data: `${who}\n`.repeat(20_000) },
    ];
    // Without the lock, renames of different writers interleave here within a few dozen rounds.
    for (let round = 0; round < 50; round++) {
      await Promise.all(['a', 'b', 'c'].map((who) => replaceFiles(pair(who), { lock })));
      const [uhull, hull] = ['uhull.json', 'hull.json'].map((f) => fs.readFileSync(path.join(dir, f), 'utf8'));
      expect(uhull!.length).toBe(40_000);
      expect(hull, `round ${round}`).toBe(uhull);
      expect(leftovers(dir, 'uhull.json', 'hull.json')).toEqual([]);
    }
  });

  it('makes the folders a file goes in, and makes them again when they vanish before the file is created', async () => {
    const dir = path.join(folder(), 'a', 'b');
    await replaceFile(path.join(dir, 'x'), 'made');
    expect(fs.readFileSync(path.join(dir, 'x'), 'utf8')).toBe('made');
    // Another functracer's --out check removes the empty folder it made for the check once, at any moment:
    // here, each new folder once, at the first turn of the loop that sees it empty.
    const base = folder();
    const removed = new Set<string>();
    let stop = false;
    const checker = (async () => {
      while (!stop) {
        for (const name of fs.readdirSync(base)) if (!removed.has(name) && removeIfEmpty(path.join(base, name))) removed.add(name);
        await new Promise((resolve) => setImmediate(resolve));
      }
    })();
    try {
      for (let i = 0; i < 50; i++) await replaceFile(path.join(base, `new-${i}`, 'x'), 'x');
    } finally {
      stop = true;
    }
    await checker;
    for (let i = 0; i < 50; i++) expect(fs.readFileSync(path.join(base, `new-${i}`, 'x'), 'utf8')).toBe('x');
  });

  it('replaceFile writes one file whole', async () => {
    const dir = folder();
    await replaceFile(path.join(dir, 'one'), 'text');
    expect(fs.readFileSync(path.join(dir, 'one'), 'utf8')).toBe('text');
  });
});

describe('checkOutDir', () => {
  it.each(['/proc/functracer-nope', '/sys/fs/cgroup/memory/functracer-out-check'])(
    'refuses %s, where root passes access(W_OK) but no file can be made, and leaves no folder there',
    (dir) => {
      expect(() => checkOutDir(dir)).toThrow(/--out \S+ cannot be used as an output folder/);
      expect(fs.existsSync(dir)).toBe(false);
    },
  );

  it('takes a folder where files can be made, and leaves nothing in it', () => {
    const dir = folder();
    expect(checkOutDir(dir)).toBe(dir);
    expect(fs.readdirSync(dir)).toEqual([]);
  });
});

describe('sharedFolderWarning', () => {
  it('warns root of a world-writable folder, saying what others can do there, with the sticky bit or without', () => {
    const open = folder();
    fs.chmodSync(open, 0o777);
    const sticky = folder();
    fs.chmodSync(sticky, 0o1777);
    const own = folder();
    fs.chmodSync(own, 0o755);
    expect(sharedFolderWarning(open, 0)).toMatch(/^world-writable without the sticky bit: other users can replace or remove/);
    expect(sharedFolderWarning(sticky, 0)).toMatch(/world-writable: other users can put their own files beside/);
    expect(sharedFolderWarning(own, 0)).toBeUndefined();
    expect(sharedFolderWarning(open, 1000)).toBeUndefined();
  });
});
