import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import { SmallDisk } from '../support/tmpfs.js';

// hull.json and uhull.json replace each other as a pair: whatever happens, the folder holds a whole old pair or a whole new one.

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'functracer-hull-pairs-'));
let disk: SmallDisk;

/**
 * A trace that makes a hull of its own: `steps` rows 100 ms apart, MB values
 * that differ from trace to trace, so every hull and upscaling hull tells
 * which trace it came from, and each file is some pages long.
 */
function writeTrace(name: string, steps: number, seed: number): string {
  const file = path.join(dir, `${name}-rawresults.csv`);
  const rows = ['12:00:00.000,0'];
  for (let i = 1; i < steps; i++) {
    const t = new Date(Date.UTC(2026, 0, 1, 12, 0, 0, i * 100)).toISOString().slice(11, 23);
    rows.push(`${t},${(8 + ((i * seed) % 97)) * 1024 * 1024 + seed}`);
  }
  rows.push(`${new Date(Date.UTC(2026, 0, 1, 12, 0, 0, steps * 100)).toISOString().slice(11, 23)},0`);
  fs.writeFileSync(file, `${rows.join('\n')}\n`);
  return file;
}

interface Pair {
  hull: string;
  uhull: string;
}

/** The pair each trace makes, from the same CLI into a folder of its own. */
const reference = new Map<string, Pair>();
const traces: Record<'a' | 'b' | 'c', string> = { a: '', b: '', c: '' };

function readPair(out: string): Pair {
  return { hull: fs.readFileSync(path.join(out, 'hull.json'), 'utf8'), uhull: fs.readFileSync(path.join(out, 'uhull.json'), 'utf8') };
}

/** Which trace the pair in `out` is of, after checking both files parse and belong together. */
function pairOf(out: string): string {
  const pair = readPair(out);
  JSON.parse(pair.hull);
  JSON.parse(pair.uhull);
  const match = [...reference].find(([, ref]) => ref.hull === pair.hull);
  expect(match, 'hull.json is one of the references').toBeDefined();
  expect(pair.uhull, `uhull.json belongs with the hull of ${match![0]}`).toBe(match![1].uhull);
  return match![0];
}

/** Nothing but the pair is left: no temporary, no lock. */
function expectOnlyThePair(out: string): void {
  expect(fs.readdirSync(out).sort()).toEqual(['hull.json', 'uhull.json']);
}

beforeAll(async () => {
  traces.a = writeTrace('a', 2500, 3);
  traces.b = writeTrace('b', 2500, 7);
  traces.c = writeTrace('c', 2500, 11);
  for (const [name, trace] of Object.entries(traces)) {
    const out = path.join(dir, `ref-${name}`);
    const { code, stderr } = await runCli(['hull', '--from', trace, '--out', out]);
    expect([code, stderr]).toEqual([0, '']);
    reference.set(name, readPair(out));
  }
  // Three different pairs, each file a few pages, so a full disk can stop a write part-way through either.
  expect(new Set([...reference.values()].map((p) => p.hull)).size).toBe(3);
  for (const pair of reference.values()) expect(pair.hull.length).toBeGreaterThan(3 * 4096);
  disk = new SmallDisk(1024 * 1024);
}, 60_000);

afterAll(() => {
  disk?.unmount();
  fs.rmSync(dir, { recursive: true, force: true });
});

it('three writers of the same folder at once, 50 times: always one whole pair, never a mix or a cut file', async () => {
  const out = path.join(dir, 'shared');
  const seen = new Set<string>();
  for (let round = 0; round < 50; round++) {
    const results = await Promise.all(
      (['a', 'b', 'c'] as const).map((name) => runCli(['hull', '--from', traces[name], '--out', out, '--json'], { timeoutMs: 60_000 })),
    );
    for (const { code, stderr } of results) expect([code, stderr]).toEqual([0, '']);
    seen.add(pairOf(out));
    expectOnlyThePair(out);
  }
  // Not a claim on who wins, only that the last writer is not always the same, so the writers really raced.
  expect(seen.size, `winners seen: ${[...seen].join(', ')}`).toBeGreaterThan(1);
}, 600_000);

it('a disk that fills up at any point of the write keeps the old pair whole, and says so in one line', async () => {
  const out = path.join(disk.dir, 'out');
  disk.empty();
  let { code } = await runCli(['hull', '--from', traces.a, '--out', out]);
  expect(code).toBe(0);
  let onDisk = 'a';
  let failed = 0;
  let written = 0;
  // From no page free to enough for both files and the lock: the write stops before, inside and between the two files.
  const pages = Math.ceil((reference.get('b')!.hull.length + reference.get('b')!.uhull.length) / 4096) + 3;
  for (let free = 0; free <= pages; free++) {
    const next = onDisk === 'a' ? 'b' : 'a';
    disk.leave(free * 4096);
    const result = await runCli(['hull', '--from', traces[next], '--out', out], { timeoutMs: 60_000 });
    code = result.code;
    if (code === 0) {
      written++;
      onDisk = next;
    } else {
      failed++;
      expect(code).toBe(2);
      const lines = result.stderr.trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(
        /cannot write the hull into .*: the disk is full \(ENOSPC\); hull\.json and uhull\.json there are as they were\. Free some space/,
      );
    }
    expect(pairOf(out), `with ${free} pages free`).toBe(onDisk);
    expectOnlyThePair(out);
  }
  // Both outcomes were met: the full disk stopped some writes, and room enough let the last ones through.
  expect(failed).toBeGreaterThan(2);
  expect(written).toBeGreaterThan(0);
}, 300_000);
