import { describe, expect, it } from 'vitest';
import { MIB } from '../../src/core/units.js';
import type { InvokeResult } from '../../src/ops/invoke.js';
import { invokedRunFigures, type InvokedMultiOutcome } from '../../src/ops/multi-invoke.js';
import type { InvokedTuneOutcome } from '../../src/ops/tune-invoke.js';
import { formatInvokedMultiReport } from '../../src/report/multi-invoke-report.js';
import { formatInvokedTuneReport } from '../../src/report/tune-invoke-report.js';

/** A session as invoke returns it: an init, a cold invocation and warm ones of the given Duration and MiB. */
function session(warm: [ms: number, mib: number][]): InvokeResult {
  const invocation = (n: number, ms: number, mib: number) => ({
    invocation: n,
    requestId: `r${n}`,
    container: 0,
    cold: n === 1,
    event: 'e.jsonl',
    outcome: 'response' as const,
    errorType: null,
    errorMessage: null,
    durationMs: ms,
    billedDurationMs: Math.ceil(ms),
    memorySizeMb: 256,
    maxMemoryUsedBytes: mib * MIB,
    initDurationMs: n === 1 ? 2.5 : null,
    responseBytes: 20,
  });
  return {
    image: 'functracer/lambda-c',
    functionName: 'lambda-c',
    memorySizeMb: 256,
    timeoutMs: 3000,
    apiAddress: '127.0.0.1:1',
    network: 'host',
    networkWhy: 'engine has no bridge',
    inits: [{ container: 0, durationMs: 2.5, billedDurationMs: 3, maxMemoryUsedBytes: 0.6 * MIB, durationAtMostMs: null }],
    invocations: [invocation(1, 11, 16.6), ...warm.map(([ms, mib], i) => invocation(i + 2, ms, mib))],
    runs: [],
    responseFiles: [],
    interrupted: false,
    notes: [],
  };
}

describe('reports of invoked functions', () => {
  it("multi: a run's init apart from its warm invocations, the warm median and peak, in 80 columns", () => {
    const sessions = [
      session([
        [1234.56, 64.6],
        [20, 32.6],
        [30, 16.6],
      ]),
      session([[150, 64.7]]),
    ];
    const figures = sessions.map(invokedRunFigures);
    expect(figures[0]).toMatchObject({ initMs: 2.5, coldMs: 11, warmMedianMs: 30, warmPeakBytes: 64.6 * MIB, warm: 3 });
    const row = { durationMs: 300, usedMb: 65, billedMs: 300, allocatedMb: 256, totalCost: 1234.5678, netCost: 1, overheadCost: 1 };
    const outcome: InvokedMultiOutcome = {
      name: 'm',
      sessions,
      figures,
      table: { rows: [row, row], costs: [] },
      files: { dat: 'traces/functracer-multi-20261207-021254-10905-1-results.dat', csv: 'traces/x-results.csv' },
      interrupted: false,
      hostLoad: null,
    };
    for (const width of [80, 60]) {
      const lines = formatInvokedMultiReport(outcome, 'aws-lambda-2020', width).split('\n');
      for (const line of lines) expect([...line].length).toBeLessThanOrEqual(width);
      expect(lines.join('\n')).toMatch(/64\.6/);
    }
  });

  it('tune: cold and warm medians and costs per size, a size that did not fit, in 80 columns', () => {
    const spread = (median: number) => ({ median, p95: median * 1.2, min: median * 0.9, max: median * 1.3, count: 8 });
    const outcome: InvokedTuneOutcome = {
      title: 'functracer/lambda-c',
      provider: 'aws-lambda-x86',
      interrupted: false,
      sizes: [
        {
          mb: 64,
          providerVcpus: 0.04,
          cpus: 0.04,
          cappedByHost: false,
          sessions: [],
          fits: false,
          failure: 'invocation 2 crashed',
          init: null,
          cold: null,
          warm: null,
          peakBytes: null,
        },
        {
          mb: 128,
          providerVcpus: 0.07,
          cpus: 0.07,
          cappedByHost: false,
          sessions: [],
          fits: true,
          init: spread(3),
          cold: spread(1200),
          warm: spread(1100.5),
          peakBytes: 65 * MIB,
          warmCostPerMillion: 2.3456,
          coldCostPerMillion: 2.6,
        },
        {
          mb: 1769,
          providerVcpus: 1,
          cpus: 1,
          cappedByHost: false,
          sessions: [],
          fits: true,
          init: spread(2),
          cold: spread(90),
          warm: spread(80),
          peakBytes: 65 * MIB,
          warmCostPerMillion: 2.5,
          coldCostPerMillion: 3.1,
        },
      ],
    };
    const text = formatInvokedTuneReport(outcome, 80);
    for (const line of text.split('\n')) expect([...line].length).toBeLessThanOrEqual(80);
    expect(text).toMatch(/Does not fit: 64 MB: invocation 2 crashed/);
    expect(text).toMatch(/Cheapest warm: 128 MB\./);
    expect(text).toMatch(/Fastest warm: 1769 MB\./);
  });
});
