import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { runCli, spawnCli } from '../support/cli.js';
import { today } from '../../src/core/cost/init-billing.js';

const FIXTURE = path.resolve(import.meta.dirname, '../fixtures/traces/cost-sample-rawresults.csv');
const SEED = ['--duration-ms', '2002', '--memory-bytes', '593920'];
let configDir: string;

/** Never the user's real configuration: each test gets an empty config folder. */
beforeEach(() => {
  configDir = fs.mkdtempSync(path.join(os.tmpdir(), 'functracer-config-'));
});
const cli = (args: string[]) => runCli(args, { env: { FUNCTRACER_CONFIG_DIR: configDir } });

function expectOneLineError(result: { code: number; stdout: string; stderr: string }, pattern: RegExp): void {
  expect(result.code).toBe(2);
  expect(result.stdout).toBe('');
  const lines = result.stderr.trim().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^functracer: /);
  expect(lines[0]).toMatch(pattern);
}

describe('functracer cost', () => {
  it("prices the seed's worked example on one provider as one JSON object", async () => {
    const { code, stdout } = await cli(['cost', '--provider', 'aws-lambda-2020', ...SEED, '--json']);
    expect(code).toBe(0);
    const r = JSON.parse(stdout) as Record<string, number>;
    expect(r).toMatchObject({
      provider: 'aws-lambda-2020',
      usedMb: 1,
      allocatedMb: 128,
      billedDurationMs: 2100,
      wastedMs: 98,
      wastedMb: 127,
    });
    expect(r.totalCost!.toFixed(2)).toBe('4.58');
    expect(r.wastedMemoryPct!.toFixed(2)).toBe('1779.55');
    for (const key of ['netCost', 'overheadCost', 'wastedTimePct']) expect(typeof r[key]).toBe('number');
  });

  it('gives percentages that agree with the overhead shown beside the free tier', async () => {
    const args = ['cost', '--duration-ms', '100', '--memory-mb', '64', '--provider', 'azure-flex', '--free-tier'];
    const { code, stdout } = await cli(args);
    expect(code).toBe(0);
    expect(stdout).toContain('Net / overhead cost             $0.30 / $10.40');
    // Each waste alone fits in the free tier, both together do not: never +0.00 % beside a $10.40 overhead.
    expect(stdout).toContain('Price increase, unused memory   +307.17 %');
    expect(stdout).toContain('Price increase, unused time     +394.94 %');
    expect(stdout).toContain('Memory used / allocated         64 MiB / 512 MB');
    const none = await cli([...args, '--requests', '240000', '--allocated-mb', '4096']);
    expect(none.stdout).toContain('Price increase, unused memory   n/a: the free tier pays for all the run needs');
    const json = await cli([...args, '--requests', '240000', '--allocated-mb', '4096', '--json']);
    const r = JSON.parse(json.stdout) as { netCost: number; wastedMemoryPct: number | null };
    expect([r.netCost, r.wastedMemoryPct]).toEqual([0, null]);
  });

  it('ends on the cheapest size that fits, and names the cheapest as allocated where that differs', async () => {
    const given = await cli(['cost', '--duration-ms', '2002', '--memory-mb', '300', '--allocated-mb', '1024']);
    const chosen = await cli(['cost', '--duration-ms', '2002', '--memory-mb', '300', '--json']);
    const best = (JSON.parse(chosen.stdout) as { recommendations: { provider: string; recommendedMb: number }[] }).recommendations[0]!;
    const lines = given.stdout.trimEnd().split('\n');
    expect(lines.at(-1)).toMatch(new RegExp(`^Cheapest: ${best.provider} at ${best.recommendedMb} MB, \\$`));
    // azure-consumption ignores the allocation given, so it wins the first table at 1024 MB.
    expect(lines.at(-2)).toMatch(/^As priced above: azure-consumption at \d+ MB, \$/);
    const plain = await cli(['cost', '--duration-ms', '2002', '--memory-mb', '300']);
    expect(plain.stdout).not.toMatch(/As priced above/);
  });

  it('compares every provider, cheapest first, with a recommendation for each', async () => {
    const { code, stdout } = await cli(['cost', ...SEED, '--json']);
    expect(code).toBe(0);
    const out = JSON.parse(stdout) as {
      providers: Array<{ provider: string; totalCost?: number; error?: string }>;
      recommendations: Array<{ provider: string; recommendedCost?: number; error?: string }>;
    };
    const costs = out.providers.flatMap((p) => (p.totalCost === undefined ? [] : [p.totalCost]));
    expect(costs).toEqual([...costs].sort((a, b) => a - b));
    expect(out.providers.at(-1)).toMatchObject({ provider: 'cloudflare-workers', error: expect.stringMatching(/CPU time/) });
    expect(out.recommendations).toHaveLength(out.providers.length);
    const recommended = out.recommendations.flatMap((r) => (r.recommendedCost === undefined ? [] : [r.recommendedCost]));
    expect(recommended).toEqual([...recommended].sort((a, b) => a - b));
    expect(out.recommendations.at(-1)).toMatchObject({ provider: 'cloudflare-workers', error: expect.any(String) });

    const wide = await runCli(['cost', ...SEED, '--cpu-ms', '3'], { env: { FUNCTRACER_CONFIG_DIR: configDir, COLUMNS: '120' } });
    expect(wide.stdout).toMatch(/cheapest first/);
    expect(wide.stdout).toMatch(/^aws-lambda-2020 +1 +128 +2,100 +\$4\.58/m);
    expect(wide.stdout).toMatch(/^gcf-gen1 +\d+ +\$[\d.]+ +default 256 MB/m);
    expect(wide.stdout).not.toMatch(/Cannot host/);
    // 80 columns: fewer, shorter columns, never a wrapped line, and the answer last.
    const text = await runCli(['cost', ...SEED, '--cpu-ms', '3'], { env: { FUNCTRACER_CONFIG_DIR: configDir, COLUMNS: '80' } });
    for (const line of text.stdout.trimEnd().split('\n')) expect([...line].length).toBeLessThanOrEqual(80);
    expect(text.stdout).toMatch(/^aws-lambda-2020 +1 +128 +2,100 +\$4\.58/m);
    expect(text.stdout.trimEnd().split('\n').at(-1)).toMatch(/^Cheapest: [a-z0-9-]+ at \d+ MB, \$[\d.]+$/);
  });

  it('prices a recorded trace: duration and peak from the file, the average for Azure', async () => {
    const azure = JSON.parse((await cli(['cost', '--trace', FIXTURE, '--provider', 'azure-consumption', '--json'])).stdout) as Record<
      string,
      number
    >;
    // 1,499 ms; mean (50 × 500 + 200 × 500 + 100 × 499) / 1499 = 116.7 MB → 117 MB used, billed as 128 MB:
    // 1e6 × 1.499 s × 0.125 GB × $0.000016 + $0.2 = 2.998 + 0.2
    expect(azure).toMatchObject({ usedMb: 117, allocatedMb: 128, billedDurationMs: 1499 });
    expect(azure.totalCost).toBeCloseTo(3.198, 9);
    const aws = JSON.parse((await cli(['cost', '--trace', FIXTURE, '--provider', 'aws-lambda-2020', '--json'])).stdout) as Record<
      string,
      number
    >;
    // 200 MB peak → 256 MB; 1,500 ms billed: 1e6 × 1.5 × 0.25 × 0.00001667 + 0.2
    expect(aws).toMatchObject({ usedMb: 200, allocatedMb: 256, billedDurationMs: 1500 });
    expect(aws.totalCost).toBeCloseTo(6.45125, 9);
  });

  it('prices a recorded trace under an upscaling hull, beside the static peak tier', async () => {
    const uhull = path.join(configDir, 'uhull.json');
    fs.writeFileSync(uhull, JSON.stringify({ '0.0': 64, '0.5': 256, '1.0': 128, '1.5': 0 }));
    const { code, stdout } = await cli(['cost', '--trace', FIXTURE, '--uhull', uhull, '--provider', 'aws-lambda-x86', '--json']);
    expect(code).toBe(0);
    const [x86] = (JSON.parse(stdout) as { dynamic: Record<string, number>[] }).dynamic;
    // Buckets hold from half a step before their centre: 128 MB (x86's minimum) for 0–450 ms, 256 for 450–950,
    // 128 for 950–1450, then the closing 0 at the minimum to 1,499 ms:
    // 0.05625 + 0.125 + 0.0625 + 0.006125 = 0.249875 GB-s.
    // Static: the tier for the trace's 200 MB peak (x86 steps by 1 MB), not the hull's 256 MB step:
    // 1.499 s × 200/1024 GB = 0.29277734375 GB-s
    expect(x86!.dynamicGbSeconds).toBeCloseTo(0.249875, 9);
    expect(x86).toMatchObject({ tracePeakMb: 200, staticMb: 200 });
    expect(x86!.staticGbSeconds).toBeCloseTo((1.499 * 200) / 1024, 9);
    expect(x86!.staticCost).toBeCloseTo(1e6 * ((1.499 * 200) / 1024) * 0.0000166667 + 0.2, 6);
    expect(x86!.dynamicCost).toBeCloseTo(1e6 * 0.249875 * 0.0000166667 + 0.2, 6);
    const noTrace = await cli(['cost', '--uhull', uhull, '--duration-ms', '10', '--memory-mb', '5']);
    expect(noTrace.code).toBe(2);
    expect(noTrace.stderr.trim()).toBe(
      'functracer: --uhull prices a recorded trace under a schedule, so it needs --trace. Add --trace FILE.csv',
    );
  });

  it("prices under the seed's example-uhull.json, whose last value is under Docker's 6 MB minimum", async () => {
    const example = path.resolve(import.meta.dirname, '../fixtures/hulls/example-uhull.json');
    const { code, stdout, stderr } = await cli(['cost', '--trace', FIXTURE, '--uhull', example, '--provider', 'aws-lambda-x86', '--json']);
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    const [x86] = (JSON.parse(stdout) as { dynamic: Record<string, number>[] }).dynamic;
    // The trace ends at 1,499 ms, inside bucket "1.5", so the 3.75 MB at "2.2" is never paid for. Tiers (1 MB steps, 128 MB
    // at least): 128 for 0–50 ms; then 100 ms each of 197, 266, 350, 417, 675, 683, 675, 683, 675, 683, 683, 675, 683, 775
    // (sum 8,120); then 776 for 1,450–1,499 ms: (0.05 × 128 + 0.1 × 8,120 + 0.049 × 776) / 1024 = 856.424 / 1024 GB-s.
    expect(x86!.dynamicGbSeconds).toBeCloseTo(856.424 / 1024, 9);
    // Static: the trace's 200 MB peak for 1.499 s.
    expect(x86!.staticGbSeconds).toBeCloseTo((1.499 * 200) / 1024, 9);
    // The seed's hull was trained on a larger function, so paying for it moment by moment costs more than the static tier.
    expect(x86!.savedCost).toBeLessThan(0);
  });

  it('prices above the maximum only with --clamp-memory', async () => {
    const args = ['cost', '--provider', 'aws-lambda-2020', '--duration-ms', '100', '--memory-mb', '5000'];
    expectOneLineError(await cli(args), /5,000 MB is more than aws-lambda-2020 allows \(3,008 MB at most\).*--clamp-memory/);
    const clamped = await cli([...args, '--clamp-memory']);
    expect(clamped.code).toBe(0);
    expect(clamped.stdout).toMatch(/priced at the maximum, 3,008 MB/);
  });

  it('uses a provider from the config folder', async () => {
    fs.mkdirSync(path.join(configDir, 'providers'));
    const aws = JSON.parse(
      fs.readFileSync(path.resolve(import.meta.dirname, '../../src/core/cost/data/aws-lambda-2020.json'), 'utf8'),
    ) as object;
    fs.writeFileSync(path.join(configDir, 'providers', 'mine.json'), JSON.stringify({ ...aws, id: 'my-faas', pricePerGbSecond: 0.00002 }));
    const { code, stdout } = await cli(['cost', '--provider', 'my-faas', ...SEED, '--json']);
    expect(code).toBe(0);
    // 1e6 × 2.1 s × 0.125 GB × $0.00002 + $0.2
    expect((JSON.parse(stdout) as { totalCost: number }).totalCost).toBeCloseTo(5.45, 9);
  });
});

describe('functracer providers', () => {
  it('lists ids with model, date and source', async () => {
    const { code, stdout } = await cli(['providers', '--json']);
    expect(code).toBe(0);
    const { providers } = JSON.parse(stdout) as { providers: Array<Record<string, string>> };
    expect(providers).toHaveLength(11);
    expect(providers[0]).toMatchObject({ id: 'aws-lambda-2020', model: 'allocated-memory', effective: '2020-01-01', origin: 'built-in' });
    const env = { FUNCTRACER_CONFIG_DIR: configDir, COLUMNS: '80' };
    const text = await runCli(['providers'], { env });
    expect(text.stdout).toMatch(/^cloudflare-workers +cpu-time +2024-03-01 +unconfirmed$/m);
    const long = await runCli(['providers', '--long'], { env });
    expect(long.stdout).toMatch(/^cloudflare-workers: [^]*?^ {2}source +https:/m);
    // Each provider's init rule in force today, and since when.
    expect(long.stdout.replace(/\s+/g, ' ')).toContain(`init as of ${today()}, billed with the duration since 2020-12-01, up to 10 s`);
    for (const out of [text.stdout, long.stdout])
      for (const line of out.trimEnd().split('\n')) expect([...line].length).toBeLessThanOrEqual(80);
  });
});

describe('a reader that stops early', () => {
  it.each([[['providers']], [['--help']], [['cost', ...SEED]]])('is no error for %j: exit 0, nothing on stderr', async (args) => {
    const child = spawnCli(args, { env: { FUNCTRACER_CONFIG_DIR: configDir } });
    // As `| head -0` does: the pipe is closed before the first line is read, so every write meets EPIPE.
    child.stdout!.destroy();
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(stderr).toBe('');
    expect(code).toBe(0);
  });
});

describe('bad input: one line, exit 2, no stack', () => {
  it.each([
    [['cost', '--provider', 'lambda', ...SEED], /unknown provider "lambda".*Known providers: aws-lambda-2020, aws-lambda-x86/],
    [['cost', '--duration-ms', '-5', '--memory-mb', '1'], /--duration-ms got "-5", which is not a positive number/],
    [['cost', '--duration-ms', 'abc', '--memory-mb', '1'], /--duration-ms got "abc", which is not a positive number/],
    [['cost', ...SEED, '--requests', 'many'], /--requests got "many", which is not a positive integer/],
    [['cost', '--duration-ms', '100', '--memory-bytes', '-1'], /--memory-bytes got "-1", which is not a non-negative integer/],
    [['cost', '--duration-ms', '0x10', '--memory-bytes', '1'], /--duration-ms got "0x10", which is not a positive number/],
    [['cost', '--duration-ms', '2002', '--memory-mb', '99999'], /no provider can host this run; aws-lambda-2020: 99,999 MB is more than/],
    [['cost', ...SEED, '--requests', '1e16'], /--requests got "1e16", which is more than 1,000,000,000,000,000/],
    [['cost', ...SEED, '--cpu-ms', 'x'], /--cpu-ms got "x"/],
    [['cost', '--duration-ms', '100'], /exactly one of --memory-bytes and --memory-mb/],
    [['cost', '--trace', '/nonexistent/run.csv'], /cannot read the trace \/nonexistent\/run\.csv: no such file/],
    [['frobnicate'], /^functracer: unknown command "frobnicate"\. The commands are run, invoke, multi, tune, hull, plot, cost/],
    [
      ['run', '--interval-ms', '0.001', 'functracer/hello'],
      /--interval-ms got "0\.001", which is not a number from 0\.1 to 10,000: faster only burns a core/,
    ],
    [
      ['cost', '--trace', FIXTURE, '--duration-ms', '5'],
      /--trace takes the duration and memory from the file, so --duration-ms cannot go with it/,
    ],
  ])('%j', async (args, pattern) => {
    expectOneLineError(await cli(args), pattern);
  });

  it('names a malformed provider file and its field', async () => {
    fs.mkdirSync(path.join(configDir, 'providers'));
    const file = path.join(configDir, 'providers', 'broken.json');
    fs.writeFileSync(file, JSON.stringify({ id: 'broken', name: 'x', model: 'allocated-memory' }));
    for (const args of [['providers'], ['cost', ...SEED]]) {
      expectOneLineError(await cli(args), new RegExp(`${file.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}: field effective: `));
    }
  });

  it('refuses a binary file as a trace in one short line, for every command that reads traces', async () => {
    const file = path.join(configDir, 'picture.png');
    fs.writeFileSync(file, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, ...Array(3000).fill(0)]));
    for (const args of [
      ['cost', '--trace', file],
      ['plot', file],
      ['hull', '--from', file],
    ]) {
      const result = await cli(args);
      expectOneLineError(result, /picture\.png is not a text file\. Pass a raw trace CSV/);
      expect(result.stderr.length).toBeLessThan(200);
    }
  });

  it('takes `help COMMAND` as COMMAND --help, and `help` alone as --help', async () => {
    const run = await cli(['help', 'run']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Usage: functracer run \[options\] <image> \[args\.\.\.\]/);
    expect((await cli(['help'])).stdout).toMatch(/^Usage: functracer \[options\] \[command\]/);
    expectOneLineError(await cli(['help', 'frobnicate']), /unknown command "frobnicate"/);
  });

  it('prints no Node deprecation warnings for an ssh:// engine', async () => {
    // Port 1 on loopback: nothing listens, so nothing leaves this machine.
    const result = await runCli(['run', 'functracer/hello'], { env: { DOCKER_HOST: 'ssh://nobody@127.0.0.1:1' } });
    expectOneLineError(result, /no Docker engine answers at ssh:\/\/nobody@127\.0\.0\.1:1/);
    expect(result.stderr).not.toMatch(/DeprecationWarning/);
  });

  it('says what is wrong with a trace that is not one', async () => {
    const file = path.join(configDir, 'not-a-trace.csv');
    fs.writeFileSync(file, 'hello,world\n1,2\n');
    expectOneLineError(await cli(['cost', '--trace', file]), /not-a-trace\.csv line 1 is not "HH:MM:SS\.mmm,bytes/);
  });

  it('refuses a clock that goes back or is no time of day, in one line with exit 2, for every command that reads traces', async () => {
    const cases = [
      [
        'back.csv',
        '12:00:00.000,0\n12:00:00.100,1048576\n12:00:02.300,2097152\n12:00:00.400,3145728\n12:00:02.500,0\n',
        /back\.csv line 4 goes back in time, from 12:00:02\.300 to 12:00:00\.400\. Rows must be in time order/,
      ],
      [
        'clock.csv',
        '12:00:00.000,0\n25:99:99.117,1048576\n12:00:01.000,0\n',
        /clock\.csv line 2 has the clock 25:99:99\.117, which is not a time of day\. Clocks run/,
      ],
    ] as const;
    for (const [name, text, error] of cases) {
      const file = path.join(configDir, name);
      fs.writeFileSync(file, text);
      for (const args of [
        ['cost', '--provider', 'aws-lambda-2020', '--trace', file],
        ['plot', file],
        ['hull', '--from', file, '--out', configDir],
      ]) {
        const result = await cli(args);
        expectOneLineError(result, error);
        expect(result.code).toBe(2);
      }
    }
  });

  it('refuses a trace whose run record disagrees with it, for every command that reads traces', async () => {
    const file = path.join(configDir, 'functracer-20261203-120000-1-1-rawresults.csv');
    fs.writeFileSync(file, '12:00:00.000,0\n12:00:00.100,1048576\n12:00:00.500,0\n');
    const record = path.join(configDir, 'functracer-20261203-120000-1-1-run.json');
    fs.writeFileSync(record, '{}');
    const error =
      /functracer-20261203-120000-1-1-run\.json is not a run record written by functracer run\. Remove .* to read the trace from its rows alone/;
    for (const args of [
      ['cost', '--provider', 'aws-lambda-2020', '--trace', file],
      ['plot', file],
      ['hull', '--from', file, '--out', configDir],
    ]) {
      const result = await cli(args);
      expectOneLineError(result, error);
      expect(result.code).toBe(2);
    }
    fs.rmSync(record);
    expect((await cli(['hull', '--from', file, '--out', configDir])).code).toBe(0);
  });

  it('prices a trace that crosses midnight by its real length', async () => {
    const file = path.join(configDir, 'midnight.csv');
    fs.writeFileSync(file, '23:59:59.900,0\n23:59:59.950,1048576\n00:00:00.200,2097152\n00:00:00.300,0\n');
    const result = await cli(['cost', '--provider', 'aws-lambda-2020', '--trace', file, '--json']);
    expect(result.code).toBe(0);
    // Read as 24 h, the same file once billed 86,400,400 ms.
    expect(JSON.parse(result.stdout)).toMatchObject({ billedDurationMs: 400, usedMb: 2 });
  });
});

describe("cost --trace on an invoked function's trace", () => {
  // lambda-c at 256 MB: init 250 ms, invocations of 40.4 (cold), 20.2 and 29.5 ms; see test/ops/invocation-prices.test.ts.
  const INVOKED = path.resolve(import.meta.dirname, '../fixtures/traces/invoked-rawresults.csv');
  type Priced = { provider: string; coldBilledMs: number; totalCost: number; init: { billed: string } };
  const x86 = async (args: string[]) => {
    const { code, stdout, stderr } = await cli(['cost', '--trace', INVOKED, '--json', '--provider', 'aws-lambda-x86', ...args]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const { prices } = JSON.parse(stdout) as { prices: { providers: Priced[] } };
    expect(prices.providers).toHaveLength(1);
    return prices.providers[0]!;
  };

  it('prices it per invocation, with the init billed by the rule of the day asked for', async () => {
    // Billed: (990,000 × 25.5 + 10,000 × 291) / 1000 × 0.25 GB-s = 7,038.75 × $0.0000166667 + $0.20 = $0.31731...
    // Not billed (a ZIP before 2025-08-01): 10,000 × 41 ms instead: 6,413.75 GB-s → $0.30689...
    for (const asOf of ['2025-07-31', '2025-08-01']) {
      expect(await x86(['--as-of', asOf])).toMatchObject({ coldBilledMs: 291, init: { billed: 'as-duration' } });
    }
    const zipBefore = await x86(['--as-of', '2025-07-31', '--package-type', 'zip']);
    expect(zipBefore).toMatchObject({ coldBilledMs: 41, init: { billed: 'not-billed' } });
    expect(zipBefore.totalCost).toBeCloseTo(6413.75 * 0.0000166667 + 0.2, 10);
    const zipAfter = await x86(['--as-of', '2025-08-01', '--package-type', 'zip']);
    expect(zipAfter.totalCost).toBeCloseTo(7038.75 * 0.0000166667 + 0.2, 10);
    // All cold: 1M × 291 ms × 0.25 GB = 72,750 GB-s.
    expect((await x86(['--cold-share', '100'])).totalCost).toBeCloseTo(72_750 * 0.0000166667 + 0.2, 10);
  });

  it('ends its text on the cheapest, within COLUMNS', async () => {
    const { code, stdout } = await runCli(['cost', '--trace', INVOKED, '--as-of', '2025-08-01'], {
      env: { FUNCTRACER_CONFIG_DIR: configDir, COLUMNS: '72' },
    });
    expect(code).toBe(0);
    const lines = stdout.trimEnd().split('\n');
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(72);
    expect(lines[0]).toBe('Cost of 1,000,000 invocations, 1 % cold, init billed as of 2025-08-01');
    expect(lines.at(-1)).toBe('Cheapest: aws-lambda-arm64 at 256 MB, $0.2939 per 1,000,000 invocations');
  });

  it.each([
    [['--trace', FIXTURE, '--cold-share', '5'], /--cold-share prices the invocations of a function traced with functracer invoke/],
    [['--duration-ms', '5', '--memory-mb', '5', '--as-of', '2025-08-01'], /--as-of prices the invocations/],
    [['--trace', INVOKED, '--as-of', '2025-02-30'], /--as-of got "2025-02-30", which is not a date as YYYY-MM-DD/],
    [['--trace', INVOKED, '--cold-share', '101'], /--cold-share got "101", which is more than 100/],
    [['--trace', INVOKED, '--cpu-ms', '5'], /priced per invocation, so --cpu-ms does not apply/],
  ])('refuses %j in one line', async (args, pattern) => {
    expectOneLineError(await cli(['cost', ...args]), pattern);
  });
});
