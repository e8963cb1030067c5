import { describe, expect, it } from 'vitest';
import { compareProviders, isPriced, recommend } from '../../src/core/cost/compare.js';
import { PROVIDERS, findProvider, mergeProviders } from '../../src/core/cost/providers.js';
import { parseProvider, parseProviderFile } from '../../src/core/cost/schema.js';
import { MIB } from '../../src/core/units.js';

const input = { durationMs: 2002, peakBytes: 593_920, requests: 1e6, freeTier: false };

describe('compareProviders', () => {
  it('lists the providers cheapest first, and those that cannot host the run last with why', () => {
    const entries = compareProviders(PROVIDERS, input);
    const priced = entries.filter(isPriced);
    expect(priced.map((e) => e.totalCost)).toEqual([...priced.map((e) => e.totalCost)].sort((a, b) => a - b));
    expect(entries.at(-1)).toEqual({ provider: 'cloudflare-workers', error: expect.stringMatching(/CPU time/) });
    expect(entries.length).toBe(PROVIDERS.length);
  });

  it('prices Cloudflare once the CPU time is known', () => {
    expect(compareProviders(PROVIDERS, { ...input, cpuMs: 5 }).every(isPriced)).toBe(true);
  });
});

describe('recommend', () => {
  const gcf = findProvider(PROVIDERS, 'gcf-gen1');

  it("compares the cheapest fitting tier with the provider's default", () => {
    const rec = recommend(gcf, input);
    // 1 MB fits 128 MB: 1e6 × 2.1 s × (0.125 × 0.0000025 + 0.2 × 0.00001) + 0.4 = 5.25625.
    // Default 256 MB at 0.4 GHz: 1e6 × 2.1 × (0.25 × 0.0000025 + 0.4 × 0.00001) + 0.4 = 10.1125.
    expect(rec).toMatchObject({ recommendedMb: 128, staticChoice: { mb: 256, source: 'default' } });
    if ('error' in rec) throw new Error(rec.error);
    expect(rec.recommendedCost).toBeCloseTo(5.25625, 9);
    expect(rec.staticChoice?.wastedCost).toBeCloseTo(10.1125 - 5.25625, 9);
    expect(rec.staticChoice?.wastedPct).toBeCloseTo(((10.1125 - 5.25625) / 5.25625) * 100, 9);
  });

  it('compares against the allocation the user gave, and says when it cannot hold the run', () => {
    expect(recommend(gcf, { ...input, allocatedMb: 1024 })).toMatchObject({ staticChoice: { mb: 1024, source: 'given' } });
    const tooSmall = recommend(gcf, { ...input, peakBytes: 300 * MIB });
    expect(tooSmall).toMatchObject({
      recommendedMb: 512,
      staticChoice: { mb: 256, cost: null, error: expect.stringMatching(/less than the 300 MB/) },
    });
  });

  it('has nothing to choose where memory is not configured', () => {
    expect(recommend(findProvider(PROVIDERS, 'azure-consumption'), input)).toMatchObject({
      staticChoice: null,
      note: expect.stringMatching(/not configured/),
    });
  });
});

describe('provider files', () => {
  const valid = { ...PROVIDERS[0]!, id: 'my-faas' };

  it('accepts one provider or an array', () => {
    expect(parseProviderFile(valid, 'a.json').map((p) => p.id)).toEqual(['my-faas']);
    expect(parseProviderFile([valid, { ...valid, id: 'b' }], 'a.json').map((p) => p.id)).toEqual(['my-faas', 'b']);
  });

  it('names the file, the field and what was expected', () => {
    expect(() => parseProvider({ ...valid, granularityMs: '100' }, 'my.json')).toThrow(
      /^my\.json: field granularityMs: .*expected number, received string/,
    );
    expect(() => parseProvider({ ...valid, memory: { tiersMb: [] } }, 'my.json')).toThrow(/field memory\.tiersMb/);
    expect(() => parseProvider({ ...valid, memory: { minMb: 128 } }, 'my.json')).toThrow(/field memory\.maxMb: expected a number of MB/);
    expect(() => parseProvider({ ...valid, model: 'memory-and-cpu' }, 'my.json')).toThrow(/field cpu: expected a cpu object/);
    expect(() => parseProvider({ ...valid, effective: 'May 2024' }, 'my.json')).toThrow(/field effective: expected a date as YYYY-MM-DD/);
    expect(() => parseProviderFile([valid, { ...valid, extra: 1 }], 'my.json')).toThrow(
      /my\.json \[1\]: field \(top level\)|my\.json \[1\]: field extra/,
    );
  });

  it('lets a user file replace a built-in of the same id', () => {
    const mine = { ...PROVIDERS[0]!, pricePerGbSecond: 1 };
    const merged = mergeProviders([{ model: mine, origin: '/x/aws.json' }]);
    expect(merged).toHaveLength(PROVIDERS.length);
    expect(merged.find((p) => p.model.id === mine.id)).toEqual({ model: mine, origin: '/x/aws.json' });
  });
});
