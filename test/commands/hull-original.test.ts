import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';

/**
 * The original's hull, written out from the design notes' definitions and
 * nothing else of functracer's: every row of every file counts, buckets are
 * floor(t_ms / (step·1000) + 0.5), one closing bucket of 0, the upscaling hull
 * looks `lookahead` places ahead in the list and is scaled by the buffer.
 */
function originalHulls(texts: string[], step: number, lookahead: number, bufferPct: number) {
  const hull = new Map<number, number>();
  for (const text of texts) {
    const rows = text.trim().split('\n');
    const ms = (row: string) => {
      const [h, m, s] = row.split(',')[0]!.split(':').map(Number);
      return Math.round(((h! * 60 + m!) * 60 + s!) * 1000);
    };
    const t0 = ms(rows[0]!);
    for (const row of rows) {
      const bucket = Math.floor((ms(row) - t0) / (step * 1000) + 0.5);
      const mb = Number(row.split(',')[1]) / 1048576;
      if (!(hull.get(bucket)! >= mb)) hull.set(bucket, mb);
    }
  }
  const keys = [...hull.keys()].sort((a, b) => a - b);
  keys.push(keys.at(-1)! + 1);
  hull.set(keys.at(-1)!, 0);
  const values = keys.map((k) => hull.get(k)!);
  const uhull = values.map((v, i) => Math.max(v, values[i + lookahead] ?? v) * (1 + bufferPct / 100));
  const name = (k: number) => (k * step).toFixed(1);
  return {
    hull: Object.fromEntries(keys.map((k, i) => [name(k), values[i]])),
    // The one deliberate difference: uhull.json is floored at Docker's 6 MB minimum, except its closing 0.
    uhull: Object.fromEntries(keys.map((k, i) => [name(k), i === keys.length - 1 ? uhull[i] : Math.max(uhull[i]!, 6)])),
  };
}

/** A trace as the original wrote it: two columns, a 0 row at each end, about 10 samples a second with jitter. */
function originalTrace(seed: number, lengthMs: number): string {
  let state = seed;
  const random = () => (state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const clock = (ms: number) => {
    const at = 13 * 3_600_000 + 59 * 60_000 + 58_000 + seed * 37 + ms;
    const pad = (n: number, w = 2) => String(Math.floor(n)).padStart(w, '0');
    return `${pad(at / 3_600_000)}:${pad((at / 60_000) % 60)}:${pad((at / 1000) % 60)}.${pad(at % 1000, 3)}`;
  };
  const rows = [`${clock(0)},0`];
  for (let t = 60 + Math.floor(random() * 60); t < lengthMs; t += 70 + Math.floor(random() * 60)) {
    rows.push(`${clock(t)},${Math.floor((20 + 300 * Math.sin((t / lengthMs) * Math.PI) + random() * 40) * 1048576)}`);
  }
  rows.push(`${clock(lengthMs)},0`);
  return `${rows.join('\n')}\n`;
}

const SEED_TRACE = path.resolve(import.meta.dirname, '../fixtures/traces/seed-benchmark-rawresults.csv');
let dir: string;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'functracer-original-hull-'));
});

async function hullFrom(files: string[], extra: string[]): Promise<{ hull: unknown; uhull: unknown; text: string }> {
  const out = fs.mkdtempSync(path.join(dir, 'out-'));
  const result = await runCli(['hull', '--from', ...files, '--out', out, ...extra]);
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  const read = (name: string) => fs.readFileSync(path.join(out, name), 'utf8');
  return { hull: JSON.parse(read('hull.json')), uhull: JSON.parse(read('uhull.json')), text: read('hull.json') + read('uhull.json') };
}

describe("hull --from equals the original's statsplotter", () => {
  it('on sparse traces of several lengths, key for key', async () => {
    const lengths = [830, 1450, 2300, 3170, 960];
    const files = lengths.map((ms, i) => {
      const file = path.join(dir, `orig-${i}-rawresults.csv`);
      fs.writeFileSync(file, originalTrace(i + 1, ms));
      return file;
    });
    const texts = files.map((f) => fs.readFileSync(f, 'utf8'));
    for (const [lookahead, buffer] of [
      [2, 0],
      [1, 10],
      [3, 25],
    ] as const) {
      const got = await hullFrom(files, ['--lookahead', String(lookahead), '--buffer', String(buffer)]);
      const want = originalHulls(texts, 0.1, lookahead, buffer);
      expect(got.hull).toEqual(want.hull);
      expect(got.uhull).toEqual(want.uhull);
      expect(Object.keys(got.hull as object)[0]).toBe('0.0');
      expect(got.text).not.toMatch(/"\d+\.\d{2,}"/);
    }
  });

  it("on the original's benchmark trace, starting at 0.0", async () => {
    const got = await hullFrom([SEED_TRACE], []);
    const want = originalHulls([fs.readFileSync(SEED_TRACE, 'utf8')], 0.1, 2, 0);
    expect(got.hull).toEqual(want.hull);
    expect(got.uhull).toEqual(want.uhull);
    expect((got.hull as Record<string, number>)['0.0']).toBe(0);
    expect((got.uhull as Record<string, number>)['0.0']).toBeCloseTo(105.29, 2);
  });
});
