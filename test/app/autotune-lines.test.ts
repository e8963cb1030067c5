import { describe, expect, it } from 'vitest';
import { autotuneLines } from '../../src/app/present/autotune.js';
import { PROVIDERS } from '../../src/core/cost/providers.js';
import { Trace } from '../../src/core/trace.js';
import type { RunResult } from '../../src/tracer/tracer.js';

const MIB = 1024 * 1024;

describe('autotuneLines', () => {
  it("prices the saving on the user's own provider when the settings name it", () => {
    const trace = new Trace();
    for (let t = 0; t < 1000; t += 10) trace.append(t, (t < 500 ? 20 : 120) * MIB, 0);
    const result = { trace, durationMs: 1000, autotune: null } as unknown as RunResult;
    const aws = PROVIDERS.find((p) => p.id === 'aws-lambda-x86')!;
    const mine = { ...aws, id: 'my-faas', name: 'My FaaS' };
    const schedule = [
      { atMs: 0, mb: 130 },
      { atMs: 450, mb: 130 },
    ];
    const settings = { provider: 'my-faas', requestsPerMonth: 1_000_000, freeTier: false };
    expect(autotuneLines(result, schedule, settings, [...PROVIDERS, mine])[0]).toMatch(/^my-faas: saved/);
    // Without the user's providers the line falls back to the first built-in that bills an allocation.
    expect(autotuneLines(result, schedule, settings)[0]).not.toMatch(/^my-faas/);
  });
});
