import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { PROVIDERS, findProvider, type ProviderModel } from '../../src/core/cost/providers.js';
import { Trace } from '../../src/core/trace.js';
import { MIB } from '../../src/core/units.js';
import { priceAutotuned, priceResult } from '../../src/ops/price-result.js';
import { loadProviderSet } from '../../src/ops/providers.js';

const x86 = findProvider(PROVIDERS, 'aws-lambda-x86');
const run = (() => {
  const trace = new Trace();
  trace.append(0, 100 * MIB, NaN);
  return { trace, durationMs: 1000, peakBytes: 100 * MIB };
})();
const schedule = [{ atMs: 0, mb: 128 }];
const pricing = { requests: 1e6, freeTier: false };

afterEach(() => vi.unstubAllEnvs());

function configWith(files: Record<string, string>): void {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'functracer-config-'));
  fs.mkdirSync(path.join(dir, 'providers'));
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, 'providers', name), text);
  vi.stubEnv('FUNCTRACER_CONFIG_DIR', dir);
}

describe('priceAutotuned', () => {
  it('leaves out a provider that refuses the run with a UserError', () => {
    // An empty schedule is the user's problem (a UserError), so no provider prices it.
    expect(priceAutotuned(run, [], pricing, [x86])).toEqual([]);
    expect(priceAutotuned(run, schedule, pricing, [x86]).map((d) => d.provider)).toEqual(['aws-lambda-x86']);
  });

  it('lets a bug through instead of hiding the provider', () => {
    const broken = { ...x86, id: 'broken', memory: undefined } as unknown as ProviderModel;
    expect(() => priceAutotuned(run, schedule, pricing, [broken])).toThrow(TypeError);
  });

  it("prices on the user's providers by default, the same set as the run's report", () => {
    configWith({ 'mine.json': JSON.stringify({ ...x86, id: 'my-faas', pricePerGbSecond: 0.00002 }) });
    const dynamic = priceAutotuned(run, schedule, pricing);
    // 1e6 × 1 s × 0.125 GB × $0.00002 + $0.2
    expect(dynamic.find((d) => d.provider === 'my-faas')?.dynamicCost).toBeCloseTo(2.7, 9);
  });
});

describe('the provider set', () => {
  it('falls back to the built-ins when a user file is broken, and says why as an entry of the report', () => {
    configWith({ 'bad.json': '{' });
    const set = loadProviderSet();
    expect(set.models.map((p) => p.id)).toEqual(PROVIDERS.map((p) => p.id));
    expect(set.problem?.message).toMatch(/bad\.json is not a readable JSON file/);
    const entries = priceResult(run, pricing);
    expect(entries.at(-1)).toEqual({ provider: 'user providers', error: set.problem!.message });
  });

  it('reads a folder once: a file added later is not seen by the same process', () => {
    configWith({ 'mine.json': JSON.stringify({ ...x86, id: 'my-faas' }) });
    const first = loadProviderSet();
    fs.writeFileSync(path.join(process.env.FUNCTRACER_CONFIG_DIR!, 'providers', 'more.json'), JSON.stringify({ ...x86, id: 'more-faas' }));
    expect(loadProviderSet()).toBe(first);
    expect(first.models.map((p) => p.id)).toContain('my-faas');
  });
});
