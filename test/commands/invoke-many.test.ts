import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { readRawCsv } from '../../src/core/raw-csv-reader.js';
import { runRecordSchema } from '../../src/core/run-record.js';
import { MIB } from '../../src/core/units.js';
import { ensureSamplesReady } from '../../src/ops/samples.js';
import { runCli } from '../support/cli.js';
import { describeWithEngine, engineForTests } from '../support/engine.js';

const docker = await engineForTests();

interface Invocation {
  invocation: number;
  cold: boolean;
  outcome: string;
  maxMemoryUsedBytes: number | null;
}
interface Session {
  invocations: Invocation[];
  runs: { rawCsv: string }[];
  limitChanges?: { invocation: number; when: string; setMb: number; refused?: string }[][];
}

/** Each warm invocation peaks at what its event asked, plus the runtime's own few MiB. */
function expectPeaksFollow(session: Session, asked: readonly number[]): void {
  for (const i of session.invocations) {
    expect(i.outcome).toBe('response');
    const mb = asked[(i.invocation - 1) % asked.length]!;
    expect(i.maxMemoryUsedBytes).toBeGreaterThanOrEqual(mb * MIB);
    expect(i.maxMemoryUsedBytes).toBeLessThan((mb + 4) * MIB);
  }
}

describeWithEngine('multi, hull, autotune and tune on invocations', docker, () => {
  let out: string;
  let events: string;
  // Each invocation holds its memory 150 ms: a session of four is over 600 ms, one invocation under 0.3 s.
  const asked = [16, 64, 32];
  beforeAll(async () => {
    await ensureSamplesReady(docker!);
    out = fs.mkdtempSync(path.join(os.tmpdir(), 'functracer-invoke-many-'));
    events = path.join(out, 'events.jsonl');
    fs.writeFileSync(events, asked.map((mb) => JSON.stringify({ mb, ms: 150 })).join('\n'));
  });

  it('multi invokes a Lambda image each run: init apart, warm peaks that follow the events, the .dat as the original', async () => {
    const dir = fs.mkdtempSync(path.join(out, 'multi-'));
    const args = ['multi', '-n', '2', '--memory', '256m', '--event', events, '--invocations', '4', '--out', dir, 'functracer/lambda-c'];
    const { code, stdout, stderr } = await runCli([...args.slice(0, 1), '--json', ...args.slice(1)]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const result = JSON.parse(stdout) as {
      runs: (Session & { figures: { warmPeakBytes: number; initMs: number; warm: number } })[];
      dat: string;
    };
    expect(result.runs).toHaveLength(2);
    for (const run of result.runs) {
      expectPeaksFollow(run, asked);
      expect(run.figures.warm).toBe(3);
      expect(run.figures.warmPeakBytes).toBeGreaterThanOrEqual(64 * MIB);
      expect(run.figures.initMs).toBeGreaterThanOrEqual(0);
      const record = runRecordSchema.parse(
        JSON.parse(fs.readFileSync(run.runs[0]!.rawCsv.replace('-rawresults.csv', '-run.json'), 'utf8')),
      );
      expect(record.lambda!.phases.filter((p) => p.name === 'invoke')).toHaveLength(4);
    }
    const dat = fs.readFileSync(result.dat, 'utf8').trim().split('\n');
    expect(dat).toHaveLength(2);
    for (const line of dat) expect(line.split(' ')).toHaveLength(7);
    const text = await runCli(args, { env: { ...process.env, COLUMNS: '80' } });
    expect(text.code).toBe(0);
    for (const line of text.stdout.split('\n')) expect([...line].length).toBeLessThanOrEqual(80);
    expect(text.stdout).toMatch(/warm MiB/);
  });

  let hullDir: string;
  it('hull --invoke trains over warm invocations: the shape of one invocation, the init apart', async () => {
    hullDir = fs.mkdtempSync(path.join(out, 'hull-'));
    const { code, stdout, stderr } = await runCli([
      'hull',
      '--json',
      '--invoke',
      'functracer/lambda-c',
      '--memory',
      '256m',
      '--event',
      events,
      '--invocations',
      '4',
      '--runs',
      '2',
      '--out',
      hullDir,
    ]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const result = JSON.parse(stdout) as {
      hull: Record<string, number>;
      invocation: { initPeakMb: number; warmInvocations: number };
      files: Record<string, string>;
    };
    const keys = Object.keys(result.hull).map(Number);
    // One invocation holds 150 ms: the hull ends within 0.4 s of its start, where the session's would run past 0.6 s.
    expect(Math.max(...keys)).toBeLessThanOrEqual(0.4);
    const top = Math.max(...Object.values(result.hull));
    expect(top).toBeGreaterThanOrEqual(64);
    expect(top).toBeLessThan(68);
    expect(result.invocation.warmInvocations).toBe(6);
    expect(result.invocation.initPeakMb).toBeLessThan(4);
    expect(fs.existsSync(result.files.invocationHull!)).toBe(true);

    // The same traces read back with --from give the same hull.
    const traces = fs
      .readdirSync(hullDir)
      .filter((f) => f.endsWith('-rawresults.csv'))
      .map((f) => path.join(hullDir, f));
    const from = await runCli(['hull', '--json', '--from', ...traces, '--out', fs.mkdtempSync(path.join(out, 'from-'))]);
    expect(from.stderr).toBe('');
    expect((JSON.parse(from.stdout) as { hull: object }).hull).toEqual(result.hull);
  });

  it('invoke --autotune replays the hull per invocation: no OOM, and the limit drops between invocations', async () => {
    const dir = fs.mkdtempSync(path.join(out, 'autotune-'));
    const { code, stdout, stderr } = await runCli([
      'invoke',
      '--json',
      '--memory',
      '256m',
      '-n',
      '6',
      '--event',
      events,
      '--autotune',
      path.join(hullDir, 'invocation-hull.json'),
      '--out',
      dir,
      'functracer/lambda-c',
    ]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const session = JSON.parse(stdout) as Session;
    expect(session.runs).toHaveLength(1);
    expectPeaksFollow(session, asked);
    const changes = session.limitChanges![0]!;
    expect(changes.filter((c) => c.refused)).toEqual([]);
    const before = changes.filter((c) => c.when === 'before');
    const after = changes.filter((c) => c.when === 'after');
    // Raised for each invocation to the hull's 64 MiB and more, and lowered after each, to well under it.
    expect(Math.min(...before.map((c) => c.setMb))).toBeGreaterThanOrEqual(64);
    expect(after.length).toBeGreaterThanOrEqual(5);
    for (const c of after) expect(c.setMb).toBeLessThan(32);
    // The raw trace's limit column shows it: under 32 MiB between invocations.
    const csv = readRawCsv(fs.readFileSync(session.runs[0]!.rawCsv, 'utf8'), session.runs[0]!.rawCsv);
    const limits = Array.from({ length: csv.trace.length }, (_, i) => csv.trace.limitAt(i)).filter((l) => !Number.isNaN(l));
    expect(Math.min(...limits)).toBeLessThan(32 * MIB);
    expect(Math.max(...limits)).toBeGreaterThanOrEqual(64 * MIB);
  });

  it('tune invokes a Lambda image at each size: cold and warm durations and costs, and a size too small does not fit', async () => {
    const dir = fs.mkdtempSync(path.join(out, 'tune-'));
    const big = path.join(out, 'big.jsonl');
    fs.writeFileSync(big, [16, 160].map((mb) => JSON.stringify({ mb, ms: 20 })).join('\n'));
    const { code, stdout, stderr } = await runCli([
      'tune',
      '--json',
      '--sizes',
      '128,512',
      '--runs',
      '2',
      '--event',
      big,
      '--invocations',
      '3',
      '--timeout',
      '20',
      '--out',
      dir,
      'functracer/lambda-c',
    ]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const result = JSON.parse(stdout) as {
      sizes: {
        mb: number;
        fits: boolean;
        cold: { median: number } | null;
        warm: { median: number; count: number } | null;
        warmCostPerMillion?: number;
        coldCostPerMillion?: number;
      }[];
    };
    const [small, large] = result.sizes;
    // 160 MiB does not fit in 128 MB: the kernel kills the runtime mid-invocation, and that size is tried no more.
    expect(small).toMatchObject({ mb: 128, fits: false });
    expect(large).toMatchObject({ mb: 512, fits: true });
    expect(large!.warm!.count).toBe(4);
    expect(large!.cold!.median).toBeGreaterThan(0);
    expect(large!.coldCostPerMillion).toBeGreaterThan(0);
    expect(large!.warmCostPerMillion).toBeGreaterThan(0);
  });
});
