import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { readDat } from '../../src/core/dat.js';
import { hullFromJson } from '../../src/core/hull.js';
import { readRawCsv } from '../../src/core/raw-csv-reader.js';
import { buildSamples } from '../../src/tracer/samples/builder.js';
import { ensureSampleInputs } from '../../src/tracer/samples/ensure.js';
import { refDataDir } from '../../src/infra/package-root.js';
import { describeWithEngine, engineForTests } from '../support/engine.js';
import { runCli, spawnCli } from '../support/cli.js';
import { containersOf, waitFor } from '../support/leftovers.js';

const MIB = 1024 * 1024;
const docker = await engineForTests();
const SHAPE = ['0:100', '20:300', '60:300', '10:200'];

function oneLine(stderr: string): string {
  const lines = stderr.trim().split('\n');
  expect(lines).toHaveLength(1);
  expect(stderr).not.toMatch(/^\s+at /m);
  return lines[0]!;
}

describeWithEngine('multi, hull and autotuning on the real engine', docker, (docker) => {
  let out: string;
  let traces: string[] = [];
  beforeAll(async () => {
    await buildSamples(docker, { names: ['functracer/memshape', 'functracer/resize'] });
    await ensureSampleInputs();
    out = fs.mkdtempSync(path.join(os.tmpdir(), 'functracer-multi-'));
  });

  it('multi -n 3 writes the .dat table, a CSV and statistics', async () => {
    const { code, stdout } = await runCli(['multi', '-n', '3', '--json', '--out', out, 'functracer/memshape', ...SHAPE]);
    expect(code).toBe(0);
    const report = JSON.parse(stdout) as {
      runs: { rawCsv: string; exitCode: number }[];
      dat: string;
      csv: string;
      stats: Record<string, Record<string, number | number[] | null>>;
      hostLoad: { cpus: number; busy: boolean; reasons: string[] } | null;
    };
    expect(report.runs).toHaveLength(3);
    const rows = readDat(fs.readFileSync(report.dat, 'utf8'), report.dat);
    expect(rows).toHaveLength(3);
    expect(rows.every((r) => r.usedMb >= 60 && r.usedMb <= 62 && r.allocatedMb === 128 && r.billedMs % 100 === 0)).toBe(true);
    const csv = fs.readFileSync(report.csv, 'utf8').trim().split('\n');
    expect(csv).toHaveLength(4);
    const oomColumn = csv[0]!.split(',').indexOf('oomKilled');
    expect(csv.slice(1).map((line) => line.split(',')[oomColumn])).toEqual(['false', 'false', 'false']);
    for (const key of ['durationMs', 'peakMb', 'totalCost'])
      expect(Object.keys(report.stats[key]!).sort()).toEqual(['ci95', 'max', 'mean', 'median', 'min', 'p95', 'spreadPct', 'stddev']);
    expect(report.stats.peakMb!.min).toBeGreaterThanOrEqual(60);
    // The mean's 95 % interval holds the mean; how busy the host was is said whatever it was.
    const [lo, hi] = report.stats.durationMs!.ci95 as number[];
    expect(lo).toBeLessThanOrEqual(report.stats.durationMs!.mean as number);
    expect(hi).toBeGreaterThanOrEqual(report.stats.durationMs!.mean as number);
    expect(report.hostLoad?.cpus).toBeGreaterThan(0);
    expect(report.hostLoad?.busy).toBe(report.hostLoad!.reasons.length > 0);
    // Costs in the CSV as in --json: 12 significant digits at most, never 0.48794820312500004.
    const costColumns = ['totalCost', 'netCost', 'overheadCost'].map((c) => csv[0]!.split(',').indexOf(c));
    const digits = (cell: string) => cell.replace('.', '').replace(/^0+/, '').length;
    for (const line of csv.slice(1)) {
      const cells = line.split(',');
      for (const at of costColumns) expect(digits(cells[at]!), cells[at]).toBeLessThanOrEqual(12);
    }
    traces = report.runs.map((r) => r.rawCsv);
  });

  it("names the runs that failed and exits with the first failure's code, keeping them in the table", async () => {
    const { code, stdout } = await runCli(['multi', '-n', '2', '--out', out, 'functracer/memshape', '8:100', 'exit:3'], {
      env: { COLUMNS: '80' },
    });
    expect(code).toBe(3);
    expect(stdout.replace(/\s+/g, ' ')).toContain('Failed: run 1 exited 3, run 2 exited 3. Their rows and the statistics');
    // Measured memory in MiB, the provider's allocation in MB; then how far the mean duration can be trusted.
    expect(stdout).toMatch(/^run +time ms +used MiB +billed ms +alloc MB/m);
    expect(stdout).toMatch(/^Mean duration [\d,.]+ ms, 95 % interval [\d,.]+–[\d,.]+ ms \(±[\d,.]+ %\)\.$/m);
    expect(stdout).toMatch(/^ +2 +[\d,.]+ /m);
  });

  it('trains a hull from those three runs, and an autotuned fourth run follows it and survives', async () => {
    const hullDir = path.join(out, 'hull');
    // A 10 % buffer, as the README advises: a hull at exactly the trained peaks lets a fourth run touch the limit, which the kernel counts as an OOM event.
    const trained = await runCli(['hull', '--from', ...traces, '--buffer', '10', '--out', hullDir, '--json']);
    expect(trained.code).toBe(0);
    const uhullFile = path.join(hullDir, 'uhull.json');
    const uhull = hullFromJson(JSON.parse(fs.readFileSync(uhullFile, 'utf8')), uhullFile);
    expect(Math.max(...uhull.mb)).toBeGreaterThanOrEqual(60);

    const run = await runCli(['run', '--json', '--out', out, '--uhull', uhullFile, 'functracer/memshape', ...SHAPE]);
    expect(run.code).toBe(0);
    const result = JSON.parse(run.stdout) as {
      oomKilled: boolean;
      rawCsv: string;
      autotune: { updates: { outcome: string }[] };
      autotuneSummary: { survived: boolean };
      dynamicCost: { provider: string; dynamicGbSeconds: number; staticGbSeconds: number }[];
    };
    expect(result.oomKilled).toBe(false);
    // Every step of this 60 MB function bills as aws-lambda-x86's smallest size, 128 MB, as its peak does: the hull
    // saves nothing there (test/core/cost-dynamic.test.ts prices the savings of a larger one).
    const x86 = result.dynamicCost.find((d) => d.provider === 'aws-lambda-x86')!;
    expect(x86.dynamicGbSeconds).toBe(x86.staticGbSeconds);
    expect(x86.staticGbSeconds).toBeGreaterThan(0);
    expect(result.autotuneSummary.survived).toBe(true);
    // Only changes of the limit are sent: up to 20 MB, up to 60 MB, down again.
    expect(result.autotune.updates.length).toBeGreaterThanOrEqual(2);
    // The limit column follows the hull: below 60 MB at first, raised to 60 MB or more, and never under the usage.
    // Not checked at fixed times: a cold container start here can shift the function's phases by hundreds of ms.
    const { trace } = readRawCsv(fs.readFileSync(result.rawCsv, 'utf8'), result.rawCsv);
    const limits = Array.from({ length: trace.length }, (_, i) => trace.limitAt(i) / MIB);
    expect(Math.min(...limits)).toBeLessThan(60);
    expect(Math.max(...limits)).toBeGreaterThanOrEqual(60);
    for (let i = 0; i < trace.length; i++) expect(trace.limitAt(i)).toBeGreaterThanOrEqual(trace.bytesAt(i));
  });

  it('reports an OOM kill under an under-sized uhull as a result, not a crash', async () => {
    const small = path.join(out, 'small-uhull.json');
    fs.writeFileSync(small, JSON.stringify({ '0.0': 16, '0.1': 16, '0.2': 16, '0.3': 16, '0.4': 16, '0.5': 16, '0.6': 0 }));
    const { code, stdout, stderr, pid } = await runCli(['run', '--out', out, '--uhull', small, 'functracer/memshape', ...SHAPE]);
    expect(code).toBe(137);
    expect(stderr).toBe('');
    expect(stdout).toMatch(/killed: out of memory \(hull too small for this input\)/);
    expect(await containersOf(docker, pid)).toBe(0);
  });

  it('trains on the sample resize function with one fixed input', async () => {
    const dir = path.join(out, 'train');
    const { code, stdout } = await runCli([
      'hull',
      '--runs',
      '2',
      '--fixed',
      path.join(refDataDir(), 'sample-1mb.jpg'),
      '--out',
      dir,
      '--json',
    ]);
    expect(code).toBe(0);
    const report = JSON.parse(stdout) as { hull: Record<string, number>; uhull: Record<string, number>; traces: { input: string }[] };
    expect(report.traces.map((t) => path.basename(t.input))).toEqual(['sample-1mb.jpg', 'sample-1mb.jpg']);
    expect(Object.keys(report.hull)[0]).toBe('0.0');
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'uhull.json'), 'utf8'))).toEqual(report.uhull);
    // Each run's record holds the run as asked for, so it can be run again: the output folder is made afresh, never a path gone by then.
    const plans = fs
      .readdirSync(dir)
      .filter((f) => f.endsWith('-run.json'))
      .map((f) => (JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')) as { plan: unknown }).plan);
    expect(plans).toHaveLength(2);
    for (const plan of plans)
      expect(plan).toEqual({
        title: 'functracer/resize /in/sample-1mb.jpg 50%',
        spec: {
          image: 'functracer/resize',
          args: ['/in/sample-1mb.jpg', '50%'],
          env: [],
          binds: [`${refDataDir()}:/in:ro`],
          networkMode: 'none',
        },
        scratch: { mountPoint: '/d' },
      });
  });

  it('leaves failed training runs out of the hull, keeps their traces and says so', async () => {
    const dir = path.join(out, 'train-failing');
    const bad = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'functracer-bad-input-')), 'bad.jpg');
    fs.writeFileSync(bad, 'not a JPEG\n');
    // Seed 3 picks bad.jpg for one of the four runs; convert exits 1 on it.
    const args = ['hull', '--inputs', path.join(refDataDir(), 'sample-1mb.jpg'), bad, '--runs', '4', '--seed', '3', '--out', dir];
    const { code, stdout } = await runCli([...args, '--json']);
    expect(code).toBe(0);
    const report = JSON.parse(stdout) as {
      hull: Record<string, number>;
      traces: { input: string; rawCsv: string }[];
      excluded: { input: string; reason: string; rawCsv: string }[];
    };
    expect(report.excluded.length).toBeGreaterThanOrEqual(1);
    expect(report.traces.length + report.excluded.length).toBe(4);
    for (const e of report.excluded) {
      expect(e).toMatchObject({ input: bad, reason: 'exited with code 1' });
      expect(fs.existsSync(e.rawCsv)).toBe(true);
    }
    expect(report.traces.every((t) => path.basename(t.input) === 'sample-1mb.jpg')).toBe(true);
    // The hull's peak is that of the good runs. (Bucket by bucket, traces re-read from CSV can differ from the
    // in-memory ones: the file keeps whole milliseconds of wall-clock time.)
    const good = report.traces.map((t) => readRawCsv(fs.readFileSync(t.rawCsv, 'utf8'), t.rawCsv).trace);
    expect(Math.max(...Object.values(report.hull))).toBe(Math.max(...good.map((t) => t.peakBytes / MIB)));
    const text = await runCli(args);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^Left out \d failed run\(s\); their traces are kept:\n {2}bad\.jpg: exited with code 1\n {4}\/\S+/m);
  });

  it('refuses in one line when no training run succeeded, and keeps the traces', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'functracer-train-none-'));
    const bad = path.join(dir, 'bad.jpg');
    fs.writeFileSync(bad, 'not a JPEG\n');
    const { code, stdout, stderr } = await runCli(['hull', '--fixed', bad, '--runs', '2', '--out', path.join(dir, 'out')]);
    expect({ code, stdout }).toEqual({ code: 2, stdout: '' });
    expect(oneLine(stderr)).toMatch(
      /no training run succeeded, so there is no hull: run 1 on bad\.jpg: exited with code 1 and 1 more\. Their traces are kept in .*out/,
    );
    const files = fs.readdirSync(path.join(dir, 'out'));
    expect(files.filter((f) => f.endsWith('-rawresults.csv'))).toHaveLength(2);
    expect(files).not.toContain('uhull.json');
  });

  it("prices an autotuned run's dynamic table on the user's providers too", async () => {
    const config = fs.mkdtempSync(path.join(os.tmpdir(), 'functracer-config-'));
    fs.mkdirSync(path.join(config, 'providers'));
    const x86 = JSON.parse(
      fs.readFileSync(path.resolve(import.meta.dirname, '../../src/core/cost/data/aws-lambda-x86.json'), 'utf8'),
    ) as object;
    fs.writeFileSync(path.join(config, 'providers', 'mine.json'), JSON.stringify({ ...x86, id: 'my-faas' }));
    const uhull = path.join(out, 'hello-uhull.json');
    fs.writeFileSync(uhull, JSON.stringify({ '0.0': 64, '0.1': 0 }));
    const run = await runCli(['run', '--json', '--out', out, '--uhull', uhull, 'functracer/hello'], {
      env: { FUNCTRACER_CONFIG_DIR: config },
    });
    expect(run.code).toBe(0);
    const result = JSON.parse(run.stdout) as { cost: { provider: string }[]; dynamicCost: { provider: string }[] };
    expect(result.cost.map((c) => c.provider)).toContain('my-faas');
    expect(result.dynamicCost.map((d) => d.provider)).toEqual(expect.arrayContaining(['my-faas', 'aws-lambda-x86']));
  });

  it('keeps the finished runs of an interrupted multi', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'functracer-multi-int-'));
    const child = spawnCli(['multi', '-n', '5', '--out', dir, 'functracer/memshape', '8:700']);
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    await waitFor(() => (fs.readdirSync(dir).some((f) => f.endsWith('.dat')) ? true : undefined));
    child.kill('SIGINT');
    expect(await exited).toBe(130);
    const dat = fs.readdirSync(dir).find((f) => f.endsWith('.dat'))!;
    const rows = readDat(fs.readFileSync(path.join(dir, dat), 'utf8'), dat);
    expect(rows.length).toBeGreaterThanOrEqual(1);
    expect(rows.length).toBeLessThan(5);
    expect(await containersOf(docker, child.pid!)).toBe(0);
  });

  it('says how long the rest of a long multi will take once its first run is done', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'functracer-multi-estimate-'));
    // 40 runs of two seconds: more than a minute, so the estimate is said; stopped once it is.
    const child = spawnCli(['multi', '-n', '40', '--out', dir, 'functracer/memshape', '8:2000']);
    let stderr = '';
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    const estimated = new Promise<void>((resolve) =>
      child.stderr!.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
        if (stderr.includes('keeping what finished')) resolve();
      }),
    );
    await Promise.race([estimated, exited]);
    child.kill('SIGINT');
    expect(await exited).toBe(130);
    expect(stderr.trim()).toMatch(
      /^functracer: 39 more runs of about \d+ s each: about \d+ min( \d+ s)? \(from the first run\); Ctrl-C stops, keeping what finished\.$/,
    );
    expect(await containersOf(docker, child.pid!)).toBe(0);
  });

  it('stops after the first run when the provider cannot price it, instead of running them all', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'functracer-multi-unpriced-'));
    // aws-lambda-2020 offers at most 3,008 MB, so a 4 GB allocation cannot be priced there.
    const { code, stdout, stderr, pid } = await runCli(['multi', '-n', '3', '--memory', '4g', '--out', dir, 'functracer/memshape', '8:50']);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(oneLine(stderr)).toMatch(/^functracer: --provider aws-lambda-2020 cannot price this run: .*\. Choose another --provider$/);
    expect(fs.readdirSync(dir).filter((f) => f.endsWith('-rawresults.csv'))).toHaveLength(1);
    expect(await containersOf(docker, pid)).toBe(0);
  });

  it('says so when stopped before its first run finished', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'functracer-multi-first-'));
    const child = spawnCli(['multi', '-n', '3', '--out', dir, 'functracer/memshape', '8:5000']);
    let stdout = '';
    child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    // Stopped once the first run's trace is being written.
    await waitFor(() => (fs.readdirSync(dir).some((f) => f.endsWith('-rawresults.csv')) ? true : undefined));
    child.kill('SIGINT');
    expect(await exited).toBe(130);
    expect(stdout).toBe('Interrupted by SIGINT before the first run finished: no table written.\n');
    expect(fs.readdirSync(dir).some((f) => f.endsWith('.dat'))).toBe(false);
    expect(await containersOf(docker, child.pid!)).toBe(0);
  });
});

it('rejects bad multi and hull input in one line', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'functracer-bad-'));
  const notATrace = path.join(dir, 'notes.csv');
  fs.writeFileSync(notATrace, 'hello,world\n1,2\n');
  const empty = path.join(dir, 'empty.csv');
  fs.writeFileSync(empty, '10:00:00.000,0\n10:00:01.000,0\n');
  const badJson = path.join(dir, 'u.json');
  fs.writeFileSync(badJson, '{"0.0": 10, "later": 20}');
  const tiny = path.join(dir, 'tiny.json');
  fs.writeFileSync(tiny, '{"0.0": 10, "0.1": 2, "0.2": 0}');
  const cases: [string[], RegExp][] = [
    [['multi', '-n', '0', 'functracer/hello'], /-n got "0", which is not a positive integer/],
    [['multi', '-n', 'x', 'functracer/hello'], /-n got "x"/],
    [['hull', '--from', notATrace, '--step', '0'], /--step got "0"/],
    [['hull', '--from', notATrace], /notes\.csv line 1 is not "HH:MM:SS\.mmm,bytes\[,limit\]"/],
    [['hull', '--from', empty], /empty\.csv holds no samples/],
    [['hull', '--from', path.join(dir, 'missing.csv')], /cannot read the trace .*missing\.csv: no such file/],
    [
      ['run', '--uhull', path.join(dir, 'none.json'), 'functracer/hello'],
      /cannot read .*none\.json: no such file or folder \(ENOENT\)\. Train one first/,
    ],
    [
      ['run', '--uhull', dir, 'functracer/hello'],
      /cannot read the upscaling hull .*: it is a folder, not a regular file\. Pass a uhull\.json written by functracer hull$/,
    ],
    [['run', '--uhull', badJson, 'functracer/hello'], /u\.json has the key "later", which is not a time in seconds/],
    [['run', '--uhull', tiny, 'functracer/hello'], /tiny\.json asks for 2 MB at "0\.1", below the engine's minimum limit of 6 MB/],
    [
      ['multi', '-n', '2', '--uhull', tiny, 'functracer/hello'],
      /tiny\.json asks for 2 MB at "0\.1", below the engine's minimum limit of 6 MB/,
    ],
    // --requests is a whole number of requests, as cost has it; each hint gives an example for its own flag.
    [
      ['run', '--requests', '1.5', 'functracer/hello'],
      /--requests got "1\.5", which is not a positive integer\. Give --requests a value such as 1000000$/,
    ],
    [
      ['multi', '-n', '2', '--requests', '2.5', 'functracer/hello'],
      /--requests got "2\.5", which is not a positive integer\. Give --requests a value such as 1000000$/,
    ],
    [
      ['run', '--interval-ms', '0', 'functracer/hello'],
      /--interval-ms got "0", which is not a positive number\. Give --interval-ms a value such as 0\.9$/,
    ],
    [['multi', '-n', 'x', 'functracer/hello'], /Give -n a value such as 10$/],
    [
      ['hull', '--seed', 'abc', '--inputs', notATrace],
      /--seed got "abc", which is not a non-negative integer\. Give --seed a value such as 42$/,
    ],
  ];
  for (const [args, pattern] of cases) {
    const { code, stderr } = await runCli(args);
    expect({ args, code }).toEqual({ args, code: 2 });
    expect(oneLine(stderr)).toMatch(pattern);
  }
});
