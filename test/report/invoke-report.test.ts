import { expect, it } from 'vitest';
import type { InvocationFigures, InvokeResult } from '../../src/ops/invoke.js';
import path from 'node:path';
import { mergeProviders, PROVIDERS } from '../../src/core/cost/providers.js';
import { priceInvokedFunction, priceInvokeSession } from '../../src/ops/invocation-prices.js';
import { readRecordedRun } from '../../src/ops/trace-file.js';
import { formatInvokeReport, invokeJson } from '../../src/report/invoke-report.js';
import type { RunResult } from '../../src/tracer/run-result.js';

const MIB = 2 ** 20;

function invocation(n: number, container: number, initDurationMs: number | null): InvocationFigures {
  return {
    invocation: n,
    requestId: `req-${n}`,
    container,
    cold: initDurationMs !== null,
    event: 'events.jsonl:1',
    outcome: 'response',
    errorType: null,
    errorMessage: null,
    durationMs: 12.5,
    billedDurationMs: 13,
    memorySizeMb: 128,
    maxMemoryUsedBytes: 20 * MIB,
    initDurationMs,
    responseBytes: 2,
  };
}

/** Only what the report reads of a container's run. */
const run = (n: number) => ({ rawCsv: `/traces/run-${n}.csv`, samplingNotes: [] }) as unknown as RunResult;

it('gives an init that nothing saw start as the most it lasted, marks it ≤ wherever it appears, and says why', () => {
  const result: InvokeResult = {
    image: 'functracer/lambda-c',
    functionName: 'lambda-c',
    memorySizeMb: 128,
    timeoutMs: 3000,
    apiAddress: '127.0.0.1:4000',
    network: 'host',
    networkWhy: 'engine has no bridge',
    inits: [
      { container: 0, durationMs: 0, billedDurationMs: 4, maxMemoryUsedBytes: MIB, durationAtMostMs: 3.25 },
      { container: 1, durationMs: 7.5, billedDurationMs: 8, maxMemoryUsedBytes: MIB, durationAtMostMs: null },
    ],
    invocations: [invocation(1, 0, 0), invocation(2, 1, 7.5)],
    runs: [run(0), run(1)],
    responseFiles: [],
    interrupted: false,
    notes: [],
  };
  const report = formatInvokeReport(result, 80);
  expect(report).toMatch(/^ *init +≤ 3\.25 ms +4 ms /m);
  expect(report).toMatch(/^ *1 +cold +12\.50 ms +13 ms +20\.0 MiB +≤ 3\.25 ms +response$/m);
  expect(report).toMatch(/^ *init +7\.50 ms +8 ms /m);
  expect(report).toMatch(/^ *2 +cold +12\.50 ms +13 ms +20\.0 MiB +7\.50 ms +response$/m);
  expect(report).toMatch(/Init Duration median ≤ /);
  expect(report).toMatch(/^≤: the runtime asked for its first event before its start was seen/m);
  for (const line of report.split('\n')) expect(line.length).toBeLessThanOrEqual(80);
});

it("ends with the prices, the cheapest last, the same as the record's, within 80 columns and the last screen", async () => {
  // The hand-written record of a session: lambda-c at 256 MB, init 250 ms, invocations of 40.4 (cold), 20.2 and 29.5 ms.
  const fixture = path.join(import.meta.dirname, '../fixtures/traces/invoked-rawresults.csv');
  const { record } = await readRecordedRun(fixture);
  const phases = record!.lambda!.phases;
  const result: InvokeResult = {
    image: 'functracer/lambda-c',
    functionName: 'lambda-c',
    memorySizeMb: 256,
    timeoutMs: 3000,
    apiAddress: '127.0.0.1:4000',
    network: 'host',
    networkWhy: 'engine has no bridge',
    inits: [{ container: 0, durationMs: 250, billedDurationMs: 250, maxMemoryUsedBytes: MIB, durationAtMostMs: null }],
    invocations: [invocation(1, 0, 250), invocation(2, 0, null), invocation(3, 0, null)],
    runs: [{ ...run(0), phases } as RunResult],
    responseFiles: ['/traces/run-0-responses.jsonl'],
    interrupted: false,
    notes: [],
  };
  const providers = { known: mergeProviders([]), models: PROVIDERS };
  const settings = { requests: 1e6, coldSharePct: 1, asOf: '2025-08-01', packageType: 'image' as const, freeTier: false };
  const prices = priceInvokeSession(result, settings, providers)!;
  // One truth: the session's prices are the record's, as cost --trace reads them.
  expect(prices).toEqual(priceInvokedFunction([record!.lambda!], settings, providers));
  expect(invokeJson(result, prices)).toMatchObject({ prices: { asOf: '2025-08-01', invocations: 3, cold: 1 } });
  for (const width of [80, 60]) {
    const lines = formatInvokeReport(result, width, prices).split('\n');
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(width);
    expect(lines.slice(-2).join(' ')).toMatch(/Cheapest: aws-lambda-arm64 at 256 MB, \$0\.2939 per\s+1,000,000\s+invocations$/);
    expect(lines.join('\n')).toMatch(/^aws-lambda-x86 +.*since 2020-12-01 +\$0\.0104 +\$0\.3173$/m);
  }
  // At 80×24 the last screen holds the whole price table and the answer.
  const lastScreen = formatInvokeReport(result, 80, prices).split('\n').slice(-24).join('\n');
  expect(lastScreen).toMatch(/^Cost of 1,000,000 invocations, 1 % cold/m);
  expect(lastScreen).toMatch(/^provider +MB +warm ms +cold ms +init +\+init +total$/m);
});
