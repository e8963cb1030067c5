import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { autotuneLines } from '../../src/app/present/autotune.js';
import { PROVIDERS } from '../../src/core/cost/providers.js';
import { Trace } from '../../src/core/trace.js';
import type { RunResult } from '../../src/tracer/tracer.js';

const MIB = 1024 * 1024;

afterEach(() => vi.unstubAllEnvs());

describe('autotuneLines', () => {
  it("prices the saving on the user's own provider when the settings name it", () => {
    const trace = new Trace();
    for (let t = 0; t < 1000; t += 10) trace.append(t, (t < 500 ? 20 : 120) * MIB, 0);
    const result = { trace, durationMs: 1000, autotune: null } as unknown as RunResult;
    const aws = PROVIDERS.find((p) => p.id === 'aws-lambda-x86')!;
    const mine = { ...aws, id: 'my-faas', name: 'My FaaS' };
    const config = fs.mkdtempSync(path.join(os.tmpdir(), 'functracer-config-'));
    fs.mkdirSync(path.join(config, 'providers'));
    const schedule = [
      { atMs: 0, mb: 130 },
      { atMs: 450, mb: 130 },
    ];
    const settings = { provider: 'my-faas', requestsPerMonth: 1_000_000, freeTier: false };
    vi.stubEnv('FUNCTRACER_CONFIG_DIR', config);
    // Without the user's providers the line falls back to the first built-in that bills an allocation.
    expect(autotuneLines(result, schedule, settings)[0]).not.toMatch(/^my-faas/);
    const withMine = fs.mkdtempSync(path.join(os.tmpdir(), 'functracer-config-'));
    fs.mkdirSync(path.join(withMine, 'providers'));
    fs.writeFileSync(path.join(withMine, 'providers', 'mine.json'), JSON.stringify(mine));
    vi.stubEnv('FUNCTRACER_CONFIG_DIR', withMine);
    expect(autotuneLines(result, schedule, settings)[0]).toMatch(/^my-faas: saved/);
  });

  it('keeps the outcome of a killed run whole in 80 columns and gives up the figures first', () => {
    const trace = new Trace();
    for (let t = 0; t < 1000; t += 10) trace.append(t, 20 * MIB, 0);
    const updates = Array.from({ length: 57 }, (_, i) => ({
      targetMs: i * 10,
      appliedMs: i * 10 + 12.25,
      askedMb: 20,
      setMb: 20,
      outcome: 'applied',
    }));
    const result = { trace, durationMs: 1000, oomKilled: true, autotune: { leadMs: 3, updates } } as unknown as RunResult;
    const settings = { provider: 'aws-lambda-x86', requestsPerMonth: 1_000_000, freeTier: false };
    const schedule = [{ atMs: 0, mb: 24 }];
    const [wide] = autotuneLines(result, schedule, settings, 200);
    expect(wide).toBe(
      'OOM-killed: train on larger inputs or add a buffer · 57 limit changes (0 held, 0 refused) · 12.3 ms late on average',
    );
    const [narrow] = autotuneLines(result, schedule, settings, 80);
    expect(narrow).toBe('OOM-killed: train on larger inputs or add a buffer · 57 changes, 12.3 ms late');
    expect(autotuneLines(result, schedule, settings, 56)[0]).toBe('OOM-killed: train on larger inputs or add a buffer');
    for (const line of autotuneLines(result, schedule, settings, 80)) expect([...line].length).toBeLessThanOrEqual(80);
  });
});
