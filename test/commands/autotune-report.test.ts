import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { priceAutotuned, reportProviders } from '../../src/commands/autotune-report.js';
import { PROVIDERS, findProvider, type ProviderModel } from '../../src/core/cost/providers.js';
import { Trace } from '../../src/core/trace.js';
import { MIB } from '../../src/core/units.js';

const x86 = findProvider(PROVIDERS, 'aws-lambda-x86');
const run = (() => {
  const trace = new Trace();
  trace.append(0, 100 * MIB, NaN);
  return { trace, durationMs: 1000 };
})();
const schedule = [{ atMs: 0, mb: 128 }];

afterEach(() => vi.unstubAllEnvs());

describe('priceAutotuned', () => {
  it('leaves out a provider that refuses the run with a UserError', () => {
    // An empty schedule is the user's problem (a UserError), so no provider prices it.
    expect(priceAutotuned(run, [], 1e6, false, [x86])).toEqual([]);
    expect(priceAutotuned(run, schedule, 1e6, false, [x86]).map((d) => d.provider)).toEqual(['aws-lambda-x86']);
  });

  it('lets a bug through instead of hiding the provider', () => {
    const broken = { ...x86, id: 'broken', memory: undefined } as unknown as ProviderModel;
    expect(() => priceAutotuned(run, schedule, 1e6, false, [broken])).toThrow(TypeError);
  });
});

describe('reportProviders', () => {
  function configWith(files: Record<string, string>): void {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'functracer-config-'));
    fs.mkdirSync(path.join(dir, 'providers'));
    for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, 'providers', name), text);
    vi.stubEnv('FUNCTRACER_CONFIG_DIR', dir);
  }

  it("holds the user's providers, so the dynamic table prices on the same set as the run's report", () => {
    configWith({ 'mine.json': JSON.stringify({ ...x86, id: 'my-faas', pricePerGbSecond: 0.00002 }) });
    const dynamic = priceAutotuned(run, schedule, 1e6, false, reportProviders());
    // 1e6 × 1 s × 0.125 GB × $0.00002 + $0.2
    expect(dynamic.find((d) => d.provider === 'my-faas')?.dynamicCost).toBeCloseTo(2.7, 9);
  });

  it('falls back to the built-ins when a user file is broken, as the cost table does', () => {
    configWith({ 'bad.json': '{' });
    expect(reportProviders()).toBe(PROVIDERS);
  });
});
