import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { openTraceFile } from '../../src/app/file-service.js';
import { priceSnapshot } from '../../src/app/screen-pricing.js';
import { readDat } from '../../src/core/dat.js';
import { jsonLine } from '../../src/core/json.js';
import { buildSamples } from '../../src/tracer/samples/builder.js';
import { describeWithEngine, engineForTests } from '../support/engine.js';
import { runCli } from '../support/cli.js';

const docker = await engineForTests();
// Lengths that end near a 100 ms billing step, where a few ms between two clocks change the bill.
const SHAPE = ['functracer/memshape', '12:140', '40:230', '8:120'];

type Entry = { provider: string } & Record<string, unknown>;
interface RunJson {
  durationMs: number;
  durationSource: string;
  startedAt: string;
  finishedAt: string;
  rawCsv: string;
  cost: Entry[];
}

const byProvider = (entries: Entry[]) => Object.fromEntries(entries.map((e) => [e.provider, e]));

async function json<T>(args: string[]): Promise<T> {
  const result = await runCli(args);
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  return JSON.parse(result.stdout) as T;
}

/** `cost --trace` on the run's own file, every provider, as a user would price it later. */
async function pricedFromFile(rawCsv: string, extra: string[] = []): Promise<Record<string, Entry>> {
  const report = await json<Entry[] | { providers?: Entry[] }>(['cost', '--trace', rawCsv, '--json', ...extra]);
  return byProvider(Array.isArray(report) ? report : report.providers!);
}

describeWithEngine('one run, one price on every path', docker, (docker) => {
  let out: string;
  beforeAll(async () => {
    await buildSamples(docker, { names: ['functracer/memshape'] });
    out = fs.mkdtempSync(path.join(os.tmpdir(), 'functracer-one-truth-'));
  }, 300_000);

  it("prices a run identically in its report, from its CSV and on the TUI's cost screen, for every provider", async () => {
    for (let attempt = 0; attempt < 3; attempt++) {
      const run = await json<RunJson>(['run', '--json', '--out', out, ...SHAPE]);
      expect(run.cost.length).toBeGreaterThanOrEqual(11);
      expect(['engine', 'exec']).toContain(run.durationSource);
      // Docker's own span is never longer than the rows' span, which starts at the exec when it comes first.
      expect(Date.parse(run.finishedAt) - Date.parse(run.startedAt)).toBeLessThanOrEqual(run.durationMs + 1);
      expect(await pricedFromFile(run.rawCsv)).toEqual(byProvider(run.cost));
      const screen = priceSnapshot((await openTraceFile(run.rawCsv)).source.getSnapshot(), {
        requestsPerMonth: 1_000_000,
        freeTier: false,
      });
      // As --json prints them (12 significant digits), so float noise is not counted as a difference.
      expect(byProvider(JSON.parse(jsonLine(screen)) as Entry[])).toEqual(byProvider(run.cost));
    }
  }, 120_000);

  it('writes the .dat row from the same figures, and the free tier agrees too', async () => {
    const multi = await json<{ runs: RunJson[]; dat: string }>([
      'multi',
      '-n',
      '2',
      '--json',
      '--free-tier',
      '--provider',
      'aws-lambda-2020',
      '--out',
      out,
      ...SHAPE,
    ]);
    const rows = readDat(fs.readFileSync(multi.dat, 'utf8'), multi.dat);
    expect(rows).toHaveLength(2);
    const precise = (n: unknown) => Number((n as number).toPrecision(12));
    for (const [i, run] of multi.runs.entries()) {
      const fromFile = await pricedFromFile(run.rawCsv, ['--free-tier']);
      expect(fromFile).toEqual(byProvider(run.cost));
      const lambda = fromFile['aws-lambda-2020']!;
      expect(rows[i]).toEqual({
        durationMs: run.durationMs,
        usedMb: precise(lambda.usedMb),
        billedMs: precise(lambda.billedDurationMs),
        allocatedMb: precise(lambda.allocatedMb),
        totalCost: precise(lambda.totalCost),
        netCost: precise(lambda.netCost),
        overheadCost: precise(lambda.overheadCost),
      });
    }
  }, 120_000);
});

describeWithEngine("an invoked function's prices, the same in its report and from its trace", docker, (docker) => {
  let out: string;
  beforeAll(async () => {
    await buildSamples(docker, { names: ['functracer/lambda-c'] });
    out = fs.mkdtempSync(path.join(os.tmpdir(), 'functracer-one-truth-invoke-'));
  }, 300_000);

  it('prices invoke --json and cost --trace on its record identically, for every provider', async () => {
    const events = path.join(out, 'events.jsonl');
    fs.writeFileSync(events, [16, 64, 32].map((mb) => JSON.stringify({ mb, ms: 5 })).join('\n'));
    const flags = ['--cold-share', '5', '--as-of', '2025-08-01', '--package-type', 'zip'];
    const invoked = await json<{ prices: { providers: Entry[] }; runs: RunJson[] }>([
      'invoke',
      '--json',
      '--memory',
      '256m',
      '--out',
      out,
      '--event',
      events,
      ...flags,
      'functracer/lambda-c',
    ]);
    expect(invoked.runs).toHaveLength(1);
    expect(invoked.prices.providers.length).toBeGreaterThanOrEqual(11);
    const fromFile = await json<{ prices: unknown }>(['cost', '--trace', invoked.runs[0]!.rawCsv, '--json', ...flags]);
    expect(fromFile.prices).toEqual(invoked.prices);
    // And the text, from a session of its own: the invoke report's price table and last line are cost's.
    // Wide enough that the raw trace's path is one line; the same width for both.
    const wide = { env: { COLUMNS: '200' } };
    const session = await runCli(['invoke', '--memory', '256m', '--out', out, '--event', events, ...flags, 'functracer/lambda-c'], wide);
    expect(session.stderr).toBe('');
    const report = session.stdout.trimEnd().split('\n');
    const rawCsv = /^Raw trace +(\S+)$/m.exec(session.stdout)![1]!;
    const cost = await runCli(['cost', '--trace', rawCsv, ...flags], wide);
    expect(cost.code).toBe(0);
    const start = report.findIndex((line) => line.startsWith('Cost of'));
    const end = report.findIndex((line) => /^(Note|Raw trace) /.test(line));
    expect([...report.slice(start, end), report.at(-1)]).toEqual(cost.stdout.trimEnd().split('\n'));
    expect(report.at(-1)).toMatch(/^Cheapest: \S+ at 256 MB, \$\d+\.\d{4} per 1,000,000 invocations$/);
  }, 120_000);
});
