import { expect, it } from 'vitest';
import type { InvocationFigures, InvokeResult } from '../../src/ops/invoke.js';
import { formatInvokeReport } from '../../src/report/invoke-report.js';
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
