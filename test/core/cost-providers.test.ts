import { describe, expect, it } from 'vitest';
import { PROVIDERS, findProvider } from '../../src/core/cost/providers.js';
import { priceRun, type CostInput } from '../../src/core/cost/price-run.js';
import { parseProvider } from '../../src/core/cost/schema.js';
import { memoryRange } from '../../src/core/cost/tiers.js';
import { MIB } from '../../src/core/units.js';

const provider = (id: string) => findProvider(PROVIDERS, id);
const run = (input: Partial<CostInput> & { durationMs: number; peakMb: number }): CostInput => ({
  requests: 1e6,
  freeTier: false,
  peakBytes: input.peakMb * MIB,
  ...input,
});

describe('the knowledge base', () => {
  it('ships every provider of the issue, each with a model, a date and a source', () => {
    expect(PROVIDERS.map((p) => p.id).sort()).toEqual([
      'alibaba-fc-2020',
      'aws-lambda-2020',
      'aws-lambda-arm64',
      'aws-lambda-x86',
      'azure-consumption',
      'azure-flex',
      'cloud-run-functions',
      'cloudflare-workers',
      'gcf-gen1',
      'ibm-cloud-functions',
      'oracle-functions',
    ]);
    for (const p of PROVIDERS) {
      expect(p.effective).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(p.source.length).toBeGreaterThan(10);
      expect(p.confirmed).toBe((p.unconfirmed ?? []).length === 0);
    }
  });

  it('names the known ids when asked for an unknown one', () => {
    expect(() => provider('lambda')).toThrow(/unknown provider "lambda"/);
    try {
      provider('lambda');
    } catch (error) {
      expect((error as { hint: string }).hint).toMatch(/aws-lambda-2020, aws-lambda-x86/);
    }
  });
});

describe("a user's provider file", () => {
  const aws = provider('aws-lambda-x86');
  const refusal = (patch: object) => {
    try {
      parseProvider({ ...aws, id: 'mine', ...patch }, 'mine.json');
    } catch (error) {
      return (error as Error).message;
    }
    return 'accepted';
  };

  it('is refused by field for figures no provider has, so nothing prices at $Infinity', () => {
    expect(refusal({ pricePerGbSecond: 1e308 })).toMatch(/^mine\.json: field pricePerGbSecond: expected at most \$1 a second/);
    expect(refusal({ pricePerMillionRequests: Infinity })).toMatch(/field pricePerMillionRequests/);
    expect(refusal({ memory: { minMb: 512, maxMb: 128, stepMb: 1 } })).toBe(
      'mine.json: field memory.maxMb: expected at least minMb (512), got 128',
    );
    expect(refusal({ memory: { minMb: 128, maxMb: 512, stepMb: 1e-320 } })).toBe('mine.json: field memory.stepMb: expected at least 1 MB');
    expect(refusal({ memory: { minMb: 128, maxMb: 512, stepMb: 1, defaultMb: 1024 } })).toMatch(
      /field memory\.defaultMb: expected a size from minMb to maxMb/,
    );
    expect(refusal({ granularityMs: 1e-320 })).toBe('mine.json: field granularityMs: expected at least 0.001 ms');
    expect(refusal({ memory: { tiersMb: Array.from({ length: 300_000 }, (_, i) => i + 1) } })).toMatch(/expected at most 20000 sizes/);
    expect(refusal({ memory: { minMb: 128, maxMb: 128, stepMb: 64 } })).toBe('accepted');
  });

  it('prices a long list of sizes without a deep stack', () => {
    const many = parseProvider({ ...aws, id: 'many', memory: { tiersMb: Array.from({ length: 20_000 }, (_, i) => 128 + i) } }, 'm.json');
    expect(memoryRange(many)).toEqual({ minMb: 128, maxMb: 20_127 });
    expect(priceRun(many, run({ durationMs: 100, peakMb: 300 })).allocatedMb).toBe(300);
  });
});

describe('provider rules, hand-computed', () => {
  it('gcf-gen1 prices the GHz its tier comes with, pro rata for the net cost', () => {
    const r = priceRun(provider('gcf-gen1'), run({ durationMs: 250, peakMb: 300 }));
    // 300 MB → the 512 MB tier at 0.8 GHz; 250 ms → 300 ms billed.
    expect([r.usedMb, r.allocatedMb, r.billedDurationMs, r.wastedMs, r.wastedMb]).toEqual([300, 512, 300, 50, 212]);
    // 1e6 × 0.3 s × (0.5 GB × $0.0000025 + 0.8 GHz × $0.00001) + 1e6 × $0.4/1M = 2.775 + 0.4
    expect(r.totalCost).toBeCloseTo(3.175, 9);
    // 1e6 × 0.25 s × (300/1024 GB × $0.0000025 + 300 × 0.8/512 GHz × $0.00001) + 0.4 = 1.35498046875 + 0.4
    expect(r.netCost).toBeCloseTo(1.75498046875, 9);
  });

  it('gcf-gen1 subtracts free GB-s, GHz-s and requests separately', () => {
    const r = priceRun(provider('gcf-gen1'), run({ durationMs: 1000, peakMb: 1024, freeTier: true }));
    // GB-s: 1e6 − 400,000 = 600,000 × $0.0000025 = 1.5; GHz-s: 1.4e6 − 200,000 = 1.2e6 × $0.00001 = 12; requests: 1e6 < 2e6 free.
    expect(r.totalCost).toBeCloseTo(13.5, 9);
  });

  it('cloud-run-functions gives more vCPU to more memory', () => {
    const cr = provider('cloud-run-functions');
    // 1 GiB → 0.583 vCPU: 1e6 × 1 s × (1 × $0.0000025 + 0.583 × $0.000024) + 0.4 = 2.5 + 13.992 + 0.4
    expect(priceRun(cr, run({ durationMs: 1000, peakMb: 1024 })).totalCost).toBeCloseTo(16.892, 9);
    // 2 GiB → 1 vCPU: 1e6 × (2 × 0.0000025 + 1 × 0.000024) + 0.4 = 5 + 24 + 0.4
    expect(priceRun(cr, run({ durationMs: 1000, peakMb: 2048 })).totalCost).toBeCloseTo(29.4, 9);
    // 300 MiB, to the MiB, with the 512 MiB default of 0.333 vCPU: 0.732421875 + 7.992 + 0.4
    const small = priceRun(cr, run({ durationMs: 1000, peakMb: 300 }));
    expect(small.allocatedMb).toBe(300);
    expect(small.totalCost).toBeCloseTo(9.124421875, 9);
    expect(small.overheadCost).toBeCloseTo(0, 12);
  });

  it('cloud-run-functions free tier: 360,000 GiB-s, 180,000 vCPU-s, 2M requests', () => {
    const r = priceRun(provider('cloud-run-functions'), run({ durationMs: 1000, peakMb: 2048, freeTier: true }));
    // (2e6 − 360,000) × 0.0000025 = 4.1; (1e6 − 180,000) × 0.000024 = 19.68
    expect(r.totalCost).toBeCloseTo(23.78, 9);
  });

  it('azure-consumption bills the average memory rounded up to 128 MB, and 100 ms at least', () => {
    const r = priceRun(provider('azure-consumption'), run({ durationMs: 50, peakMb: 300, averageBytes: 150 * MIB }));
    expect([r.usedMb, r.allocatedMb, r.billedDurationMs, r.wastedMs, r.wastedMb]).toEqual([150, 256, 100, 50, 106]);
    // 1e6 × 0.1 s × 0.25 GB × $0.000016 + $0.2 = 0.4 + 0.2
    expect(r.totalCost).toBeCloseTo(0.6, 9);
    // 1e6 × 0.05 s × 150/1024 GB × $0.000016 + 0.2 = 0.1171875 + 0.2
    expect(r.netCost).toBeCloseTo(0.3171875, 9);
  });

  it('azure-consumption ignores a configured size and refuses a peak above 1,536 MB', () => {
    const r = priceRun(provider('azure-consumption'), run({ durationMs: 1000, peakMb: 100, allocatedMb: 1024 }));
    expect(r.allocatedMb).toBe(128);
    expect(r.note).toMatch(/ignored/);
    expect(() => priceRun(provider('azure-consumption'), run({ durationMs: 1000, peakMb: 1600, averageBytes: 10 * MIB }))).toThrow(
      /1,600 MB is more than azure-consumption allows \(1,536 MB/,
    );
  });

  it('azure-flex bills instance sizes, 1,000 ms at least, then 100 ms steps', () => {
    const flex = provider('azure-flex');
    const short = priceRun(flex, run({ durationMs: 250, peakMb: 600 }));
    expect([short.allocatedMb, short.billedDurationMs]).toEqual([2048, 1000]);
    // 1e6 × 1 s × 2 GB × $0.000026 + 1e6 × $0.4/1M
    expect(short.totalCost).toBeCloseTo(52.4, 9);
    expect(priceRun(flex, run({ durationMs: 1234, peakMb: 300 })).billedDurationMs).toBe(1300);
    // Free: (1e6 × 1 s × 0.5 GB − 100,000) × 0.000026 = 10.4; (1e6 − 250,000) × $0.4/1M = 0.3
    expect(priceRun(flex, run({ durationMs: 1000, peakMb: 300, freeTier: true })).totalCost).toBeCloseTo(10.7, 9);
  });

  it('ibm-cloud-functions has no per-request price', () => {
    const r = priceRun(provider('ibm-cloud-functions'), run({ durationMs: 150, peakMb: 200 }));
    // 1e6 × 0.2 s × 200/1024 GB × $0.000017; net at 0.15 s
    expect(r.totalCost).toBeCloseTo(0.6640625, 9);
    expect(r.netCost).toBeCloseTo(0.498046875, 9);
  });

  it('alibaba-fc-2020 allocates in 64 MB steps from 64 MB', () => {
    const ali = provider('alibaba-fc-2020');
    // 100 MB → 128 MB: 1e6 × 1 s × 0.125 GB × $0.000016384 + 0.2
    expect(priceRun(ali, run({ durationMs: 1000, peakMb: 100 })).totalCost).toBeCloseTo(2.248, 9);
    // 10 MB → 64 MB: 1e6 × 0.0625 × 0.000016384 + 0.2
    expect(priceRun(ali, run({ durationMs: 1000, peakMb: 10 })).totalCost).toBeCloseTo(1.224, 9);
  });

  it('oracle-functions allocates in 128 MB steps', () => {
    // 200 MB → 256 MB: 1e6 × 1 s × 0.25 GB × $0.00001417 + 0.2
    expect(priceRun(provider('oracle-functions'), run({ durationMs: 1000, peakMb: 200 })).totalCost).toBeCloseTo(3.7425, 9);
  });

  it('cloudflare-workers bills CPU ms, not wall time or memory', () => {
    const cf = provider('cloudflare-workers');
    const r = priceRun(cf, run({ durationMs: 100, peakMb: 100, cpuMs: 7.5 }));
    expect([r.usedMb, r.allocatedMb, r.billedDurationMs, r.wastedMs]).toEqual([100, 128, 8, 0.5]);
    // 1e6 × 8 CPU ms × $0.02/1M + 1e6 × $0.3/1M = 0.16 + 0.3; net at 7.5 ms: 0.15 + 0.3
    expect(r.totalCost).toBeCloseTo(0.46, 9);
    expect(r.netCost).toBeCloseTo(0.45, 9);
    expect(r.wastedMemoryPct).toBe(0);
    expect(r.wastedTimePct).toBeCloseTo((0.46 / 0.45) * 100 - 100, 9);
    // Free: (2e7 × 5 − 3e7) CPU ms × 0.02/1M = 1.4; (2e7 − 1e7) × 0.3/1M = 3
    expect(priceRun(cf, run({ durationMs: 100, peakMb: 10, cpuMs: 5, requests: 2e7, freeTier: true })).totalCost).toBeCloseTo(4.4, 9);
    expect(() => priceRun(cf, run({ durationMs: 100, peakMb: 10 }))).toThrow(/bills CPU time/);
    expect(() => priceRun(cf, run({ durationMs: 100, peakMb: 200, cpuMs: 1 }))).toThrow(/128 MB at most/);
  });
});
