import { describe, expect, it } from 'vitest';
import { PROVIDERS } from '../../src/core/cost/providers.js';
import { allocationTier, priceRun } from '../../src/core/cost/price-run.js';
import { MIB } from '../../src/core/units.js';

const aws2020 = PROVIDERS.find((p) => p.id === 'aws-lambda-2020')!;
const awsX86 = PROVIDERS.find((p) => p.id === 'aws-lambda-x86')!;
const awsArm = PROVIDERS.find((p) => p.id === 'aws-lambda-arm64')!;

describe('priceRun', () => {
  it("reproduces the seed's worked example on AWS Lambda 2020", () => {
    const r = priceRun(aws2020, { durationMs: 2002, peakBytes: 593_920, requests: 1e6, freeTier: false });
    expect(r.usedMb).toBe(1);
    expect(r.allocatedMb).toBe(128);
    expect(r.billedDurationMs).toBe(2100);
    expect(r.totalCost.toFixed(2)).toBe('4.58');
    // The definitions give 1779.5502 %; the "+1779.56 %" is within a hundredth of it.
    expect(r.wastedMemoryPct).toBeCloseTo(1779.55, 2);
    expect(r.wastedMs).toBe(98);
    expect(r.wastedMb).toBe(127);
    expect(r.overheadCost).toBeCloseTo(r.totalCost - r.netCost, 12);
  });

  it('bills x86 to the millisecond and to the megabyte', () => {
    const r = priceRun(awsX86, { durationMs: 2002, peakBytes: 200 * 1024 * 1024 + 1, requests: 1e6, freeTier: false });
    expect(r.usedMb).toBe(201);
    expect(r.allocatedMb).toBe(201);
    expect(r.billedDurationMs).toBe(2002);
    expect(r.wastedMs).toBe(0);
    expect(r.wastedTimePct).toBeCloseTo(0, 10);
    // 1e6 × 2.002 s × 201/1024 GB × price + 1e6 × $0.2/1M
    expect(r.totalCost).toBeCloseTo(2002 * (201 / 1024) * 0.0000166667 * 1000 + 0.2, 9);
  });

  it('rounds a requested allocation up to a tier and rejects one above the maximum', () => {
    expect(allocationTier(aws2020, 200)).toBe(256);
    expect(allocationTier(aws2020, 128)).toBe(128);
    expect(() => allocationTier(aws2020, 4000)).toThrow(/more than aws-lambda-2020 allows \(3,008 MB/);
  });

  it('subtracts the free tier from every figure without going below zero', () => {
    const small = priceRun(aws2020, { durationMs: 100, peakBytes: 1, requests: 1000, freeTier: true });
    expect(small.totalCost).toBe(0);
    expect(small.netCost).toBe(0);
    // 2e6 requests × 1 s × 1 GB = 2e6 GB-s; 1.6e6 are paid, and 1e6 requests.
    const big = priceRun(aws2020, { durationMs: 1000, peakBytes: 1024 * 1024 * 1024, requests: 2e6, freeTier: true });
    expect(big.totalCost).toBeCloseTo(1.6e6 * 0.00001667 + 1e6 * 0.2e-6, 9);
  });

  it("gives the seed's net cost and time increase too", () => {
    const r = priceRun(aws2020, { durationMs: 2002, peakBytes: 593_920, requests: 1e6, freeTier: false });
    // net = 1e6 × 2.002 s × 1/1024 GB × $0.00001667 + $0.2 = 0.0325911523… + 0.2
    expect(r.netCost).toBeCloseTo(0.23259115234375, 12);
    // (1e6 × 2.1 × 1/1024 × 0.00001667 + 0.2) / net − 1 = 0.685912… %
    expect(r.wastedTimePct).toBeCloseTo(0.6859122, 6);
  });

  it('refuses an allocation below the peak, and prices above the maximum only when asked', () => {
    expect(() => priceRun(aws2020, { durationMs: 100, peakBytes: 300 * MIB, allocatedMb: 128, requests: 1, freeTier: false })).toThrow(
      /128 MB on aws-lambda-2020 is less than the 300 MB/,
    );
    expect(() => priceRun(aws2020, { durationMs: 100, peakBytes: 4000 * MIB, requests: 1, freeTier: false })).toThrow(
      expect.objectContaining({ message: expect.stringMatching(/4,000 MB is more than/), hint: expect.stringMatching(/--clamp-memory/) }),
    );
    const clamped = priceRun(aws2020, { durationMs: 100, peakBytes: 4000 * MIB, requests: 1e6, freeTier: false, clampMemory: true });
    expect([clamped.usedMb, clamped.allocatedMb]).toEqual([3008, 3008]);
    expect(clamped.note).toMatch(/priced at the maximum, 3,008 MB; the run used 4,000 MB/);
  });
});

describe('AWS monthly volume tiers', () => {
  const gb = 1024 * MIB;
  it('prices x86 GB-s beyond 6B at $0.000015 and beyond 15B at $0.0000133334', () => {
    // 1e9 × 10 s × 1 GB = 1e10 GB-s: 6e9 × 0.0000166667 + 4e9 × 0.000015 + 1e9 × $0.2/1M = 100000.2 + 60000 + 200
    expect(priceRun(awsX86, { durationMs: 10_000, peakBytes: gb, requests: 1e9, freeTier: false }).totalCost).toBeCloseTo(160_200.2, 4);
    // 2e10 GB-s: 100000.2 + 9e9 × 0.000015 + 5e9 × 0.0000133334 + 400 = 100000.2 + 135000 + 66667 + 400
    expect(priceRun(awsX86, { durationMs: 10_000, peakBytes: gb, requests: 2e9, freeTier: false }).totalCost).toBeCloseTo(302_067.2, 4);
  });

  it('takes the free tier off before the tiers', () => {
    // (1e10 − 400,000) GB-s: 100000.2 + 3,999,600,000 × 0.000015 = 59994; (1e9 − 1e6) × 0.2/1M = 199.8
    expect(priceRun(awsX86, { durationMs: 10_000, peakBytes: gb, requests: 1e9, freeTier: true }).totalCost).toBeCloseTo(160_194, 4);
  });

  it('prices arm64 GB-s beyond 7.5B at $0.0000120001', () => {
    // 7.5e9 × 0.0000133334 + 2.5e9 × 0.0000120001 + 200 = 100000.5 + 30000.25 + 200
    expect(priceRun(awsArm, { durationMs: 10_000, peakBytes: gb, requests: 1e9, freeTier: false }).totalCost).toBeCloseTo(130_200.75, 4);
  });
});

describe('price increases beside the free tier', () => {
  const flex = PROVIDERS.find((p) => p.id === 'azure-flex')!;
  // 100 ms at 64 MiB, billed at least 1 s at 512 MB: 1e6 × 0.1 s × 0.5 GB fits the 100,000 free GB-s, and so does
  // 1e6 × 1 s × 1/16 GB, but 1e6 × 1 s × 0.5 GB does not.
  const run = { durationMs: 100, peakBytes: 64 * MIB, requests: 1e6 };

  it('never says +0.00 % beside an overhead that only the two wastes together make', () => {
    const r = priceRun(flex, { ...run, freeTier: true });
    // (500,000 − 100,000) GB-s × $0.000026 = $10.40; 750,000 paid requests × $0.4/1M = $0.30 in both.
    expect(r.overheadCost).toBeCloseTo(10.4, 9);
    expect(r.netCost).toBeCloseTo(0.3, 9);
    // Each waste alone at the provider's price (1e6 × 0.1 s × 7/16 GB, 1e6 × 0.9 s × 1/16 GB), shrunk as the overhead
    // shrank under the free tier ($12.84 to $10.40), against the $0.30 net.
    const kept = 10.4 / (1e6 * 1 * 0.5 * 0.000026 - 1e6 * 0.1 * (1 / 16) * 0.000026);
    expect(r.wastedMemoryPct).toBeCloseTo(((1e6 * 0.1 * (7 / 16) * 0.000026 * kept) / 0.3) * 100, 6);
    expect(r.wastedTimePct).toBeCloseTo(((1e6 * 0.9 * (1 / 16) * 0.000026 * kept) / 0.3) * 100, 6);
    expect(r.wastedMemoryPct!.toFixed(2)).toBe('307.17');
  });

  it('is 0 only where the overhead is, and says there is no net cost to compare with where the free tier pays for all the run needs', () => {
    const free = priceRun(flex, { ...run, requests: 1000, freeTier: true });
    expect([free.totalCost, free.overheadCost, free.wastedMemoryPct, free.wastedTimePct]).toEqual([0, 0, 0, 0]);
    const r = priceRun(flex, { ...run, requests: 240_000, allocatedMb: 4096, freeTier: true });
    expect(r.netCost).toBe(0);
    expect(r.overheadCost).toBeGreaterThan(0);
    expect(r.wastedMemoryPct).toBeNull();
    expect(r.wastedTimePct).toBeNull();
  });

  it("is the original's where the free tier does not reach the wastes, set against the smaller net", () => {
    // The README's example: 10M requests of 2,002 ms at 300 MB on aws-lambda-2020, billed 2,100 ms at 320 MB.
    const input = { durationMs: 2002, peakBytes: 300 * MIB, requests: 1e7 };
    const full = priceRun(aws2020, { ...input, freeTier: false });
    const free = priceRun(aws2020, { ...input, freeTier: true });
    expect(free.overheadCost).toBeCloseTo(full.overheadCost, 6);
    expect(full.wastedMemoryPct!.toFixed(2)).toBe('6.53');
    expect(free.wastedMemoryPct!.toFixed(2)).toBe('7.02');
    expect(free.wastedTimePct).toBeCloseTo((full.wastedTimePct! * full.netCost) / free.netCost, 9);
  });
});
