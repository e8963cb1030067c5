import type { ChildProcess } from 'node:child_process';
import type Docker from 'dockerode';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { vcpusAt } from '../../src/core/cost/cpu.js';
import { findProvider, PROVIDERS } from '../../src/core/cost/providers.js';
import { readRawCsv } from '../../src/core/raw-csv-reader.js';
import { OWNER_LABEL } from '../../src/tracer/labels.js';
import { buildSamples } from '../../src/tracer/samples/builder.js';
import { describeWithEngine, engineForTests } from '../support/engine.js';
import { runCli, spawnCli } from '../support/cli.js';
import { containersOf, waitFor } from '../support/leftovers.js';

const docker = await engineForTests();
const SHAPE = ['0:50', '150:200', '0:50'];

describeWithEngine('functracer tune on the real engine', docker, (docker) => {
  let out: string;
  beforeAll(async () => {
    await buildSamples(docker, { names: ['functracer/memshape', 'functracer/sleep'] });
    out = fs.mkdtempSync(path.join(os.tmpdir(), 'functracer-tune-cli-'));
  });

  it('reports every size in 80 columns and ends with the answer; JSON has each run and its trace', async () => {
    const text = await runCli(['tune', '--sizes', '64,128,256', '--runs', '3', '--out', out, 'functracer/memshape', ...SHAPE], {
      env: { COLUMNS: '80' },
    });
    // aws-lambda-x86 starts at 128 MB.
    expect(text.code).toBe(2);
    expect(text.stderr.trim()).toBe(
      'functracer: --sizes got 64 MB, which aws-lambda-x86 does not offer (128–10240 MB). Give sizes in that range',
    );

    const run = await runCli(
      ['tune', '--provider', 'gcf-gen1', '--runs', '3', '--sizes', '128,256', '--plot', '--out', 'tuned', 'functracer/memshape', ...SHAPE],
      // The report names the files as the user named the folder: relative, so they fit the line.
      { env: { COLUMNS: '80' }, cwd: out },
    );
    expect(run.code, run.stderr).toBe(0);
    const lines = run.stdout.trimEnd().split('\n');
    for (const line of lines) expect([...line].length, line).toBeLessThanOrEqual(80);
    expect(lines[0]).toBe('functracer/memshape 0:50 150:200 0:50 at 2 sizes on gcf-gen1, 3 runs a size');
    expect(run.stdout).toMatch(/^ *128 +0\.08 +does not fit/m);
    // MB, vCPU, median, p95, mean, its ±95 %, peak MiB, billed ms, $ per 1M.
    const fitted = /^ *256 +0\.17 +[\d,]+\.\d +[\d,]+\.\d +([\d,]+\.\d) +[\d,]+\.\d +15\d\.\d +([\d,]+) +\d+\.\d{4}/m.exec(run.stdout);
    expect(fitted, run.stdout).not.toBeNull();
    // gcf-gen1 bills in steps of 100 ms: the trimmed mean, rounded up.
    const [mean, billed] = [fitted![1]!, fitted![2]!].map((n) => Number(n.replace(/,/g, '')));
    expect(billed).toBe(Math.ceil(mean! / 100) * 100);
    expect(run.stdout).toContain('128 MB does not fit: out of memory.');
    // Duration and cost against size, above the answer; only 256 MB fitted, so it is the axis's one size.
    expect(lines.indexOf('duration, ms (trimmed mean)')).toBeGreaterThan(lines.indexOf('128 MB does not fit: out of memory.'));
    expect(lines).toContain('      MB└256');
    // --plot: the same two series as SVG and PNG, named in the report above the answer.
    const svgLine = lines.find((l) => l.startsWith('Plot: '))!;
    const svg = svgLine.slice('Plot: '.length);
    expect(svg).toMatch(/functracer-tune-[\d-]+-plot\.svg$/);
    expect(lines[lines.indexOf(svgLine) + 1]).toBe(`  and ${svg.replace(/\.svg$/, '.png')}`);
    expect(svg.startsWith('tuned/')).toBe(true);
    const picture = fs.readFileSync(path.join(out, svg), 'utf8');
    expect(picture).toContain('duration, ms (trimmed mean)');
    expect(picture).toContain('$ per 1M requests');
    expect(
      fs
        .readFileSync(path.join(out, svg.replace(/\.svg$/, '.png')))
        .subarray(1, 4)
        .toString(),
    ).toBe('PNG');
    expect(lines.at(-1)).toBe('Best for cost: 256 MB, the only size that fits.');
    // One price: the cost chart is drawn from 0, its top label that price, as in the table.
    expect(lines).toContain('$ per 1M requests');
    const costChart = lines.slice(lines.indexOf('$ per 1M requests') + 1);
    const price = fitted![0]!.trim().split(/ +/).at(-1)!;
    expect(costChart[0]).toMatch(new RegExp(`^ *${price.slice(0, -2).replace('.', '\\.')}\\d* ┼`));

    const json = await runCli([
      'tune',
      '--json',
      '--runs',
      '2',
      '--sizes',
      '256,512',
      '--strategy',
      'speed',
      '--out',
      out,
      'functracer/memshape',
      ...SHAPE,
    ]);
    expect(json.code, json.stderr).toBe(0);
    // Power Tuning's shape, then functracer's own fields.
    const report = JSON.parse(json.stdout) as {
      results: {
        power: number;
        cost: number;
        duration: number;
        stats: {
          value: number;
          averagePrice: number;
          averageDuration: number;
          fits: boolean;
          cpus: number;
          peakBytes: number;
          runs: { rawCsv: string }[];
        }[];
      };
      recommendations: { cost: number; speed: number; balanced: number };
      provider: string;
      strategy: string;
    };
    expect(report.provider).toBe('aws-lambda-x86');
    expect(report.strategy).toBe('speed');
    const stats = report.results.stats;
    expect(stats.map((s) => [s.value, s.fits])).toEqual([
      [256, true],
      [512, true],
    ]);
    expect(stats[0]!.cpus).toBeCloseTo(256 / 1769, 6);
    expect(report.results.power).toBe(report.recommendations.speed);
    const best = stats.find((s) => s.value === report.results.power)!;
    expect(report.results.cost).toBe(best.averagePrice);
    expect(report.results.duration).toBe(best.averageDuration);
    expect(Math.min(...stats.map((s) => s.averageDuration))).toBe(best.averageDuration);
    for (const r of stats.flatMap((s) => s.runs))
      expect(readRawCsv(fs.readFileSync(r.rawCsv, 'utf8'), r.rawCsv).trace.length).toBeGreaterThan(100);
    expect(await containersOf(docker, json.pid)).toBe(0);
  }, 180_000);

  it('never calls one of two sizes that take the same time by construction fastest: a sleep is not CPU-bound', async () => {
    // 1,769 and 3,008 MB get 1 and 1.7 vCPUs on Lambda: a one-second sleep needs neither, so their durations differ by noise alone.
    const args = ['tune', '--sizes', '1769,3008', '--runs', '3', '--strategy', 'speed', '--out', out, 'functracer/sleep', '1'];
    const json = await runCli(['tune', '--json', ...args.slice(1)]);
    expect(json.code, json.stderr).toBe(0);
    const report = JSON.parse(json.stdout) as {
      results: { stats: { value: number; durationMs: { trimmedMean: number; ci95: [number, number]; spreadPct: number } }[] };
      picks: Record<string, { mb: number; confident: boolean; tiedWith: number[] }>;
      confident: boolean;
      hostLoad: { cpus: number; busy: boolean } | null;
    };
    for (const size of report.results.stats) {
      const { trimmedMean, ci95, spreadPct } = size.durationMs;
      expect(trimmedMean).toBeGreaterThanOrEqual(1000);
      expect(ci95[0]).toBeLessThanOrEqual(trimmedMean);
      expect(ci95[1]).toBeGreaterThanOrEqual(trimmedMean);
      expect(spreadPct).toBeGreaterThanOrEqual(0);
    }
    expect(report.picks.speed!.confident).toBe(false);
    expect(report.picks.speed!.tiedWith).toHaveLength(1);
    expect(report.confident).toBe(false);
    expect(report.hostLoad?.cpus).toBeGreaterThan(0);

    const text = await runCli(args, { env: { COLUMNS: '80' } });
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).not.toMatch(/fastest/);
    expect(text.stdout.replace(/\s+/g, ' ')).toContain(
      'For speed, 1769 MB and 3008 MB cannot be told apart (their 95 % intervals overlap)',
    );
    for (const line of text.stdout.trimEnd().split('\n')) expect([...line].length, line).toBeLessThanOrEqual(80);
  }, 180_000);

  it('says how long a long tuning will take once its first run is done, and keeps what finished when stopped', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'functracer-tune-estimate-'));
    // 40 runs of a 2 s sleep: over a minute, so the estimate is said; stopped once it is.
    const child = spawnCli(['tune', '--json', '--runs', '20', '--sizes', '1769,3008', '--out', dir, 'functracer/sleep', '2']);
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    const estimated = new Promise<void>((resolve) =>
      child.stderr!.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
        if (stderr.includes('keeping what finished')) resolve();
      }),
    );
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    await Promise.race([estimated, exited]);
    child.kill('SIGINT');
    expect(await exited).toBe(130);
    expect(stderr.trim()).toMatch(
      /^functracer: 39 more runs of about \d+ s each: about \d+ min( \d+ s)? \(from the first run\); Ctrl-C stops, keeping what finished\.$/,
    );
    const report = JSON.parse(stdout) as { interrupted: boolean; results: { stats: { value: number }[] } };
    expect(report.interrupted).toBe(true);
    expect(report.results.stats.map((s) => s.value)).toContain(1769);
    expect(await containersOf(docker, child.pid!)).toBe(0);
  }, 120_000);

  it('refuses what tune sets itself, and bad strategy numbers, in one line before any run', async () => {
    for (const [args, message] of [
      [['-m', '256m'], 'tune sets the memory itself, one size at a time. Drop --memory and give --sizes instead'],
      [
        ['--balanced-weight', '2'],
        '--balanced-weight got "2", which is not a number from 0 to 1. Give --balanced-weight a value such as 0.5',
      ],
      [['--discard', '0.5'], '--discard got "0.5", which is not a number from 0 to 0.4. Give --discard a value such as 0.2'],
    ] as const) {
      const { code, stderr } = await runCli(['tune', ...args, '--out', out, 'functracer/memshape']);
      expect(code).toBe(2);
      expect(stderr.trim()).toBe(`functracer: ${message}`);
    }
  });

  it('gives each Cloud Run functions size its vCPUs: the engine holds the quota the provider table says', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'functracer-tune-run-'));
    const child = spawnCli([
      'tune',
      '--provider',
      'cloud-run-functions',
      '--json',
      '--runs',
      '1',
      '--sizes',
      '256,1024',
      '--out',
      dir,
      'functracer/memshape',
      '8:1500',
    ]);
    // Each size's container, read back from the engine while it runs.
    const quotas = new Map<number, number>();
    const { code, stdout } = await watchContainers(docker, child, (running) => {
      for (const { mb, nanoCpus } of running) quotas.set(mb, nanoCpus);
    });
    expect(code).toBe(0);
    const provider = findProvider(PROVIDERS, 'cloud-run-functions');
    const report = JSON.parse(stdout) as { provider: string; results: { stats: { value: number; cpus: number; fits: boolean }[] } };
    expect(report.provider).toBe('cloud-run-functions');
    for (const size of report.results.stats) {
      expect(size.fits).toBe(true);
      expect(size.cpus).toBe(vcpusAt(provider, size.value));
      expect(quotas.get(size.value)).toBe(Math.round(size.cpus * 1e9));
    }
    expect([...quotas.keys()].sort((a, b) => a - b)).toEqual([256, 1024]);
  });

  it("--parallel runs a size's runs at once while their CPU caps fit the host, and a size that needs most of it alone", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'functracer-tune-parallel-'));
    const hostCpus = (await docker.info()).NCPU as number;
    // On aws-lambda-x86, 256 MB gets 0.14 vCPU, and 3008 MB 1.7: two of those do not fit two cores.
    expect(hostCpus).toBeLessThan(3.4);
    const child = spawnCli([
      'tune',
      '--json',
      '--parallel',
      '3',
      '--runs',
      '3',
      '--sizes',
      '256,3008',
      '--out',
      dir,
      'functracer/memshape',
      '8:1500',
    ]);
    // How many containers of each size ran at once, read from the engine while they run.
    const mostAtOnce = new Map<number, number>();
    const { code, stdout } = await watchContainers(docker, child, (running) => {
      for (const { mb } of running) {
        const n = running.filter((c) => c.mb === mb).length;
        mostAtOnce.set(mb, Math.max(n, mostAtOnce.get(mb) ?? 0));
      }
    });
    expect(code).toBe(0);
    const report = JSON.parse(stdout) as { runsAtOnce: number; results: { stats: { value: number; fits: boolean; runs: unknown[] }[] } };
    expect(report.results.stats.map((s) => [s.value, s.fits, s.runs.length])).toEqual([
      [256, true, 3],
      [3008, true, 3],
    ]);
    expect(mostAtOnce.get(256)).toBeGreaterThanOrEqual(2);
    expect(mostAtOnce.get(3008)).toBe(1);
    expect(report.runsAtOnce).toBeGreaterThanOrEqual(mostAtOnce.get(256)!);
    expect(report.runsAtOnce).toBeLessThanOrEqual(3);
    expect(await containersOf(docker, child.pid!)).toBe(0);

    // The text report says the runs shared the host.
    const text = await runCli(['tune', '--parallel', '2', '--runs', '2', '--sizes', '256', '--out', dir, 'functracer/memshape', '8:800'], {
      env: { COLUMNS: '80' },
    });
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout.replace(/\s+/g, ' ')).toContain('Up to 2 runs at once (--parallel)');
    const refused = await runCli(['tune', '--parallel', '0', '--out', dir, 'functracer/memshape']);
    expect(refused.code).toBe(2);
    expect(refused.stderr.trim()).toBe(
      'functracer: --parallel got "0", which is not a positive integer. Give --parallel a value such as 2',
    );
  }, 120_000);

  it('stopped after the first size, keeps that size and reports it, with exit code 130 and no container left', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'functracer-tune-stop-'));
    const child = spawnCli(['tune', '--json', '--runs', '1', '--sizes', '256,512', '--out', dir, 'functracer/memshape', '8:1500']);
    let stdout = '';
    child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    // The second size's trace is being written: the first one has finished.
    const csvs = () => fs.readdirSync(dir).filter((f) => f.endsWith('-rawresults.csv')).length;
    await waitFor(() => (csvs() >= 2 ? true : undefined));
    child.kill('SIGINT');
    expect(await exited).toBe(130);
    const report = JSON.parse(stdout) as { interrupted: boolean; results: { stats: { value: number; fits: boolean }[] } };
    expect(report.interrupted).toBe(true);
    expect(report.results.stats.map((s) => [s.value, s.fits])).toEqual([[256, true]]);
    expect(await containersOf(docker, child.pid!)).toBe(0);
  });
});

/** Reads the memory limit and CPU quota of the child's running containers from the engine until it exits, 20 times a second. */
async function watchContainers(
  docker: Docker,
  child: ChildProcess,
  onLook: (running: { mb: number; nanoCpus: number }[]) => void,
): Promise<{ code: number | null; stdout: string }> {
  let stdout = '';
  child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  let done = false;
  void exited.then(() => (done = true));
  while (!done) {
    const running: { mb: number; nanoCpus: number }[] = [];
    for (const c of await docker.listContainers({ filters: { label: [`${OWNER_LABEL}=${child.pid}`], status: ['running'] } })) {
      const { HostConfig } = await docker
        .getContainer(c.Id)
        .inspect()
        .catch(() => ({ HostConfig: undefined }));
      if (HostConfig?.Memory) running.push({ mb: HostConfig.Memory / (1024 * 1024), nanoCpus: HostConfig.NanoCpus ?? 0 });
    }
    onLook(running);
    await new Promise((r) => setTimeout(r, 50));
  }
  return { code: await exited, stdout };
}
