import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isPricedInvocation, type InvocationCost } from '../../src/core/cost/invocations.js';
import { mergeProviders, PROVIDERS } from '../../src/core/cost/providers.js';
import { priceInvokedFunction, type InvocationPriceSettings } from '../../src/ops/invocation-prices.js';
import { readRecordedRun } from '../../src/ops/trace-file.js';

/**
 * A hand-written record in the shape `invoke` writes (test/fixtures/traces/invoked-run.json): lambda-c at 256 MB,
 * an init of 250 ms, then invocation 1 cold (40.4 ms), 2 warm (20.2 ms) and 3 warm (29.5 ms).
 */
const FIXTURE = path.join(import.meta.dirname, '../fixtures/traces/invoked-rawresults.csv');
const BUILT_IN = { known: mergeProviders([]), models: PROVIDERS };

async function pricesOf(settings: Partial<InvocationPriceSettings>) {
  const { record } = await readRecordedRun(FIXTURE);
  const lambda = record!.lambda!;
  return priceInvokedFunction(
    [lambda],
    { requests: 1_000_000, coldSharePct: 1, asOf: '2026-12-07', packageType: 'image', freeTier: false, ...settings },
    BUILT_IN,
  );
}

async function costOn(provider: string, settings: Partial<InvocationPriceSettings>): Promise<InvocationCost> {
  const entry = (await pricesOf(settings)).providers.find((e) => e.provider === provider)!;
  if (!isPricedInvocation(entry)) throw new Error(entry.error);
  return entry;
}

/*
 * By hand, from aws-lambda-x86.json: $0.0000166667 per GB-s, $0.20 per 1M requests, 1 ms billing, 256 MB.
 * Warm: ceil(20.2) = 21 ms and ceil(29.5) = 30 ms, a mean of 25.5 ms. 1M invocations at 1 % cold: 990,000 warm and
 * 10,000 cold.
 * - Init billed (an image either side of 2025-08-01, a ZIP from it): cold = ceil(40.4 + 250) = 291 ms.
 *   GB-s = (990,000 × 25.5 + 10,000 × 291) / 1000 × 256/1024 = 28,155 × 0.25 = 7,038.75;
 *   $ = 7,038.75 × 0.0000166667 + 0.20 = 0.117312...  + 0.20.
 * - Init not billed (a ZIP before 2025-08-01): cold = ceil(40.4) = 41 ms.
 *   GB-s = (990,000 × 25.5 + 10,000 × 41) / 1000 × 0.25 = 25,655 × 0.25 = 6,413.75;
 *   $ = 6,413.75 × 0.0000166667 + 0.20.
 */
const X86 = 0.0000166667;
const BILLED = 7038.75 * X86 + 0.2;
const NOT_BILLED = 6413.75 * X86 + 0.2;

describe('AWS Lambda invocations before and after 2025-08-01', () => {
  it("bills a container image's init on both sides of the date, capped at 10 s", async () => {
    for (const asOf of ['2025-07-31', '2025-08-01']) {
      const x86 = await costOn('aws-lambda-x86', { asOf });
      expect(x86).toMatchObject({ allocatedMb: 256, warmBilledMs: 25.5, coldBilledMs: 291 });
      expect(x86.init).toMatchObject({ billed: 'as-duration', since: '2020-12-01', capMs: 10_000 });
      expect(x86.totalCost).toBeCloseTo(BILLED, 12);
      expect(x86.totalCost.toFixed(4)).toBe('0.3173');
      expect(x86.initCost).toBeCloseTo(BILLED - NOT_BILLED, 12);
    }
  });

  it("bills a ZIP package's init from 2025-08-01 only", async () => {
    const before = await costOn('aws-lambda-x86', { asOf: '2025-07-31', packageType: 'zip' });
    expect(before).toMatchObject({ coldBilledMs: 41, initCost: 0 });
    expect(before.init).toMatchObject({ billed: 'not-billed', since: '2020-12-01' });
    expect(before.totalCost).toBeCloseTo(NOT_BILLED, 12);
    expect(before.totalCost.toFixed(4)).toBe('0.3069');

    const after = await costOn('aws-lambda-x86', { asOf: '2025-08-01', packageType: 'zip' });
    expect(after).toMatchObject({ coldBilledMs: 291 });
    expect(after.init).toMatchObject({ billed: 'as-duration', since: '2025-08-01' });
    expect(after.totalCost).toBeCloseTo(BILLED, 12);
  });

  it('prices arm64 at its own GB-s price, the same billed ms', async () => {
    // 7,038.75 GB-s × $0.0000133334 + $0.20.
    const arm = await costOn('aws-lambda-arm64', { asOf: '2025-08-01' });
    expect(arm.totalCost).toBeCloseTo(7038.75 * 0.0000133334 + 0.2, 12);
  });

  it("bills an init of 12 s as Lambda's 10 s limit", async () => {
    const { record } = await readRecordedRun(FIXTURE);
    const [init, ...rest] = record!.lambda!.phases;
    const long = { ...init!, startMs: -11_750 };
    const prices = priceInvokedFunction(
      [{ memorySizeMb: 256, phases: [long, ...rest] }],
      { requests: 1e6, coldSharePct: 1, asOf: '2025-08-01', packageType: 'image', freeTier: false },
      BUILT_IN,
    );
    // Cold: ceil(40.4 + 10,000) = 10,041 ms, not 12,041. GB-s = (990,000 × 25.5 + 10,000 × 10,041) / 1000 × 0.25.
    const x86 = prices.providers.find((e) => e.provider === 'aws-lambda-x86') as InvocationCost;
    expect(x86.coldBilledMs).toBe(10_041);
    expect(x86.totalCost).toBeCloseTo(((990_000 * 25.5 + 10_000 * 10_041) / 1000) * 0.25 * X86 + 0.2, 12);
  });

  it('takes the cold share as given', async () => {
    // All cold: 1M × ceil(40.4 + 250) = 291 ms → 1,000,000 × 0.291 × 0.25 = 72,750 GB-s.
    const allCold = await costOn('aws-lambda-x86', { coldSharePct: 100 });
    expect(allCold.totalCost).toBeCloseTo(72_750 * X86 + 0.2, 12);
    // None cold: 1M × 25.5 ms → 6,375 GB-s, and the init adds nothing.
    const warm = await costOn('aws-lambda-x86', { coldSharePct: 0 });
    expect(warm).toMatchObject({ initCost: 0 });
    expect(warm.totalCost).toBeCloseTo(6375 * X86 + 0.2, 12);
  });

  it("keeps the 2020 snapshot's historical rule and its 100 ms billing", async () => {
    // 100 ms steps: warm 100 and 100, cold ceil(290.4 / 100) × 100 = 300; GB-s = (990,000 × 100 + 10,000 × 300) / 1000 × 0.25.
    const old = await costOn('aws-lambda-2020', { asOf: '2020-06-01' });
    expect(old).toMatchObject({ warmBilledMs: 100, coldBilledMs: 300 });
    expect(old.init).toMatchObject({ billed: 'as-duration', since: '2018-11-29' });
    expect(old.totalCost).toBeCloseTo(25_500 * 0.00001667 + 0.2, 12);
  });
});

describe('every provider', () => {
  it('says where the init is not billed or its billing is not known, and which provider cannot be priced', async () => {
    const prices = await pricesOf({});
    expect(prices).toMatchObject({ invocations: 3, cold: 1, memorySizeMb: 256, initBounded: false });
    const byId = new Map(prices.providers.map((e) => [e.provider, e]));
    expect(byId.get('cloudflare-workers')).toEqual({
      provider: 'cloudflare-workers',
      error: 'it bills CPU time, which invoke does not measure per invocation',
    });
    const flex = byId.get('azure-flex') as InvocationCost;
    expect(flex.init.billed).toBe('not-billed');
    // 1,000 ms minimum either way: the init changes nothing.
    expect(flex).toMatchObject({ allocatedMb: 512, warmBilledMs: 1000, coldBilledMs: 1000, initCost: 0 });
    const gcf = byId.get('gcf-gen1') as InvocationCost;
    expect(gcf.init.billed).toBe('unknown');
    expect(gcf.notes).toContain("its pages do not say how a cold start's init is billed: priced as not billed");
    // Cloud Run bills the start-up with its memory and vCPU: 100 ms steps, ceil(290.4 / 100) = 300 ms.
    expect(byId.get('cloud-run-functions')).toMatchObject({ coldBilledMs: 300, init: { billed: 'as-duration' } });
  });

  it('says where a file states no rule in force on the date asked for', async () => {
    const prices = await pricesOf({ asOf: '2010-01-01' });
    const x86 = prices.providers.find((e) => e.provider === 'aws-lambda-x86') as InvocationCost;
    expect(x86).toMatchObject({ coldBilledMs: 41, initCost: 0, init: { billed: 'unknown', since: null } });
    expect(x86.notes).toEqual(['its file states no init rule in force on 2010-01-01: priced as not billed']);
  });

  it('prices a function with no warm invocation at the cold one, and says so', async () => {
    const { record } = await readRecordedRun(FIXTURE);
    const phases = record!.lambda!.phases.slice(0, 4);
    const prices = priceInvokedFunction(
      [{ memorySizeMb: 256, phases }],
      { requests: 1e6, coldSharePct: 1, asOf: '2026-12-07', packageType: 'image', freeTier: false },
      BUILT_IN,
    );
    const x86 = prices.providers.find((e) => e.provider === 'aws-lambda-x86') as InvocationCost;
    expect(x86).toMatchObject({ warmBilledMs: 41, coldBilledMs: 291 });
    expect(x86.notes).toContain("no warm invocation ran: warm ones are priced at the cold one's Duration");
  });
});
