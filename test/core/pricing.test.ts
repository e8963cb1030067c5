import { describe, expect, it } from 'vitest';
import { PROVIDERS } from '../../src/core/cost/providers.js';
import { allocationTier, priceRun } from '../../src/core/cost/pricing.js';

const aws2020 = PROVIDERS.find((p) => p.id === 'aws-lambda-2020')!;
const awsX86 = PROVIDERS.find((p) => p.id === 'aws-lambda-x86')!;

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
    expect(() => allocationTier(aws2020, 4000)).toThrow(/more than aws-lambda-2020 allows \(3008 MB/);
  });

  it('subtracts the free tier from every figure without going below zero', () => {
    const small = priceRun(aws2020, { durationMs: 100, peakBytes: 1, requests: 1000, freeTier: true });
    expect(small.totalCost).toBe(0);
    expect(small.netCost).toBe(0);
    // 2e6 requests × 1 s × 1 GB = 2e6 GB-s; 1.6e6 are paid, and 1e6 requests.
    const big = priceRun(aws2020, { durationMs: 1000, peakBytes: 1024 * 1024 * 1024, requests: 2e6, freeTier: true });
    expect(big.totalCost).toBeCloseTo(1.6e6 * 0.00001667 + 1e6 * 0.2e-6, 9);
  });
});
