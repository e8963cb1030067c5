import { describe, expect, it } from 'vitest';
import { priceDynamic } from '../../src/core/cost/dynamic.js';
import { PROVIDERS, findProvider } from '../../src/core/cost/providers.js';
import { Trace } from '../../src/core/trace.js';
import { MIB } from '../../src/core/units.js';

const x86 = findProvider(PROVIDERS, 'aws-lambda-x86');
const p = 0.0000166667;

/** 100 MB at 0, 300 MB at 500 ms, 150 MB at 1000 ms; the run ends at 1500 ms. */
function sampleTrace(): Trace {
  const trace = new Trace();
  for (const [t, mb] of [
    [0, 100],
    [500, 300],
    [1000, 150],
  ] as const)
    trace.append(t, mb * MIB, NaN);
  return trace;
}
const input = { durationMs: 1500, requests: 1e6, freeTier: false };

describe('priceDynamic', () => {
  it('pays for each step while it holds, beside the static peak allocation', () => {
    const r = priceDynamic(
      x86,
      sampleTrace(),
      [
        { atMs: 0, mb: 128 },
        { atMs: 400, mb: 320 },
        { atMs: 1100, mb: 160 },
      ],
      input,
    );
    // 0.4 s × 128 MB + 0.7 s × 320 MB + 0.4 s × 160 MB = (51.2 + 224 + 64) / 1024 GB-s
    expect(r.dynamicGbSeconds).toBeCloseTo(339.2 / 1024, 12);
    // static: the tier for the trace's 300 MB peak (x86 has 1 MB steps), not the schedule's 320 MB step:
    // 300 MB for 1.5 s = 450 / 1024 GB-s
    expect([r.staticMb, r.billedDurationMs, r.tracePeakMb, r.exceededAtMs]).toEqual([300, 1500, 300, null]);
    expect(r.staticGbSeconds).toBeCloseTo(450 / 1024, 12);
    expect(r.dynamicCost).toBeCloseTo(1e6 * (339.2 / 1024) * p + 0.2, 9);
    expect(r.staticCost).toBeCloseTo(1e6 * (450 / 1024) * p + 0.2, 9);
    expect(r.savedCost).toBeCloseTo(r.staticCost - r.dynamicCost, 12);
  });

  it("compares against the tier for the trace's peak, however padded the schedule is", () => {
    const aws2020 = findProvider(PROVIDERS, 'aws-lambda-2020');
    // A hull trained with a large buffer asks for 1,000 MB throughout; the run itself peaked at 300 MB.
    const r = priceDynamic(aws2020, sampleTrace(), [{ atMs: 0, mb: 1000 }], input);
    // 2020 tiers are 128 + 64k MB: 300 MB → 320 MB static, 1,000 MB → 1,024 MB dynamic; billed 1,500 ms.
    expect([r.tracePeakMb, r.staticMb, r.billedDurationMs]).toEqual([300, 320, 1500]);
    expect(r.staticGbSeconds).toBeCloseTo(1.5 * (320 / 1024), 12);
    expect(r.dynamicGbSeconds).toBeCloseTo(1.5 * (1024 / 1024), 12);
    // 1e6 × 0.46875 GB-s × $0.00001667 + $0.2 static, against 1e6 × 1.5 GB-s × $0.00001667 + $0.2 dynamic
    expect(r.staticCost).toBeCloseTo(1e6 * 0.46875 * 0.00001667 + 0.2, 9);
    expect(r.savedCost).toBeCloseTo(1e6 * (0.46875 - 1.5) * 0.00001667, 9);
    expect(r.savedPct).toBeLessThan(0);
  });

  it("clamps the trace's peak like the steps when asked, and refuses it otherwise", () => {
    const big = new Trace();
    big.append(0, 4000 * MIB, NaN);
    const aws2020 = findProvider(PROVIDERS, 'aws-lambda-2020');
    const schedule = [{ atMs: 0, mb: 128 }];
    expect(priceDynamic(aws2020, big, schedule, { ...input, clampMemory: true }).staticMb).toBe(3008);
    expect(() => priceDynamic(aws2020, big, schedule, input)).toThrow(/4,000 MB is more than aws-lambda-2020 allows/);
  });

  it('rounds each step up to a tier and reports when the trace outgrew the schedule', () => {
    // 64 MB is below Lambda's 128 MB minimum; at 500 ms the trace holds 300 MB under a 128 MB step.
    const r = priceDynamic(
      x86,
      sampleTrace(),
      [
        { atMs: 0, mb: 64 },
        { atMs: 600, mb: 320 },
      ],
      input,
    );
    // 0.6 s × 128 MB + 0.9 s × 320 MB = (76.8 + 288) / 1024
    expect(r.dynamicGbSeconds).toBeCloseTo(364.8 / 1024, 12);
    expect(r.exceededAtMs).toBe(500);
  });

  it('prices the coupled CPU at each moment too', () => {
    const gcf = findProvider(PROVIDERS, 'gcf-gen1');
    const r = priceDynamic(
      gcf,
      sampleTrace(),
      [
        { atMs: 0, mb: 128 },
        { atMs: 750, mb: 512 },
      ],
      input,
    );
    // billed 1500 ms: 0.75 s at 128 MB / 0.2 GHz, 0.75 s at 512 MB / 0.8 GHz
    const perRun = 0.75 * (0.125 * 0.0000025 + 0.2 * 0.00001) + 0.75 * (0.5 * 0.0000025 + 0.8 * 0.00001);
    expect(r.dynamicCost).toBeCloseTo(1e6 * perRun + 0.4, 9);
  });

  it('refuses providers that do not bill a configured allocation, and empty schedules', () => {
    expect(() => priceDynamic(findProvider(PROVIDERS, 'azure-consumption'), sampleTrace(), [{ atMs: 0, mb: 128 }], input)).toThrow(
      /does not bill a configured allocation/,
    );
    expect(() => priceDynamic(x86, sampleTrace(), [], input)).toThrow(/schedule is empty/);
  });
});
