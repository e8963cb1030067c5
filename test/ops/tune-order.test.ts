import { describe, expect, it } from 'vitest';
import { findProvider, PROVIDERS } from '../../src/core/cost/providers.js';
import { estimateText, runEstimate, type RunEstimate } from '../../src/core/estimate.js';
import { planOf } from '../../src/core/run-plan.js';
import { estimateGate } from '../../src/ops/tune-order.js';
import type { TuneHooks, TuneRequest } from '../../src/ops/tune.js';
import type { RunResult } from '../../src/tracer/tracer.js';

const request: TuneRequest = {
  plan: planOf({ image: 'functracer/sleep', args: ['2'], env: [], binds: [], networkMode: 'none' }),
  provider: findProvider(PROVIDERS, 'aws-lambda-x86'),
  sizes: [512],
  runs: 8,
  discard: 0.2,
  cpuScale: 1,
  strategy: 'cost',
  balancedWeight: 0.5,
  parallel: 2,
};
const finished = { interrupted: false } as RunResult;

/** Whether `passed()` has settled by the time the microtasks and one macrotask have run. */
async function settled(gate: ReturnType<typeof estimateGate>): Promise<boolean | 'waiting'> {
  return Promise.race([gate.passed(), new Promise<'waiting'>((resolve) => setTimeout(() => resolve('waiting'), 20))]);
}

function gateWith(hooks: TuneHooks) {
  const declined = new AbortController();
  return { gate: estimateGate(request, hooks, declined, declined.signal), declined };
}

describe('the first run of a tuning and the estimate', () => {
  it('holds the other runs back until a question is answered', async () => {
    let answer: (go: boolean) => void = () => undefined;
    const { gate, declined } = gateWith({ onEstimate: () => new Promise<boolean>((resolve) => (answer = resolve)) });
    expect(await settled(gate)).toBe('waiting');
    const asked = gate.firstDone(finished);
    expect(await settled(gate)).toBe('waiting');
    answer(false);
    await asked;
    expect(await gate.passed()).toBe(false);
    expect(declined.signal.aborted).toBe(true);
  });

  it('lets the other runs start at once beside the first when the estimate is only a note, which still comes', async () => {
    const notes: RunEstimate[] = [];
    const { gate, declined } = gateWith({ onEstimateNote: (estimate) => notes.push(estimate) });
    expect(await settled(gate)).toBe(true);
    await gate.firstDone(finished);
    expect(notes).toHaveLength(1);
    expect(notes[0]!.runsLeft).toBe(7);
    expect(notes[0]!.atOnce).toBe(2);
    expect(declined.signal.aborted).toBe(false);
  });

  it('counts the runs left in rounds of those going at once, and says so', () => {
    const estimate = runEstimate(30_000, 8, 1, 2);
    expect(estimate.leftMs).toBe(4 * 30_000);
    expect(estimateText(estimate)).toBe('7 more runs of about 30 s each, 2 at once: about 2 min (from the first run)');
    expect(estimateText(runEstimate(30_000, 8, 1))).toBe('7 more runs of about 30 s each: about 3 min 30 s (from the first run)');
  });
});
