import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AllocationStep } from '../../src/core/hull.js';
import { Trace } from '../../src/core/trace.js';
import { MIB } from '../../src/core/units.js';
import { startAutotuner } from '../../src/tracer/autotuner.js';
import type { RunContainer } from '../../src/tracer/runtime.js';

/** A container whose engine takes `updateMs` to change a limit, remembering each limit it was given. */
function slowContainer(updateMs: number) {
  const limits: number[] = [];
  const container = {
    update: async ({ memoryBytes }: { memoryBytes: number }) => {
      await new Promise((resolve) => setTimeout(resolve, updateMs));
      limits.push(memoryBytes / MIB);
    },
  } as unknown as RunContainer;
  return { container, limits };
}

/** Lets the schedule play for `ms` of the tests' clock, then stops the tuner, letting a change under way finish. */
async function stopAfter(tuner: ReturnType<typeof startAutotuner>, ms: number) {
  await vi.advanceTimersByTimeAsync(ms);
  const stopping = tuner.stop();
  await vi.runAllTimersAsync();
  return stopping;
}

/** A limit rising by 1 MB every 10 ms, from 40 MB. */
const rising: AllocationStep[] = Array.from({ length: 30 }, (_, i) => ({ atMs: i * 10, mb: 40 + i }));

// What is tested is which limit is sent when, against the schedule and the engine's pace: on the tests' own clock,
// so a loaded machine's late timers neither merge steps nor lag the changes.
beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date', 'performance'] });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('the autotuner', () => {
  it('sends every step to an engine that keeps up', async () => {
    const { container, limits } = slowContainer(1);
    const tuner = startAutotuner(container, Date.now(), new Trace(), { schedule: rising.filter((_, i) => i % 5 === 0), leadMs: 0 });
    const report = await stopAfter(tuner, 400);
    // The container is created at the first step's limit.
    expect(limits).toEqual([45, 50, 55, 60, 65]);
    expect(report.updates.every((u) => u.outcome === 'applied')).toBe(true);
  });

  it('sends a slow engine the newest step, not a queue of the steps it has passed', async () => {
    // Each change takes 50 ms, while the schedule moves every 10: working through the queue would end at 69 MB
    // long after the schedule did, and lag it all the way.
    const { container, limits } = slowContainer(50);
    const started = Date.now();
    const tuner = startAutotuner(container, started, new Trace(), { schedule: rising, leadMs: 0 });
    const report = await stopAfter(tuner, 500);
    expect(limits.length).toBeLessThan(15);
    expect(limits.at(-1)).toBe(69);
    // Always rising: no stale step is sent after a newer one.
    for (let i = 1; i < limits.length; i++) expect(limits[i]).toBeGreaterThan(limits[i - 1]!);
    // Each change carries the step that was due when it was sent: it lands at most the change before it and its own
    // after its step, where a queue would fall further behind with every step.
    for (const update of report.updates) expect(update.appliedMs - update.targetMs).toBeLessThanOrEqual(2 * 50);
  });

  it('holds a limit through a dip shorter than the hold, and lowers it for a longer one', async () => {
    // The upscaling hull's dip just before a spike: lowering at 100 ms would leave the raise one bucket to land.
    const mb = (atMs: number, value: number): AllocationStep => ({ atMs, mb: value });
    const { container, limits } = slowContainer(1);
    const schedule = [mb(0, 50), mb(100, 20), mb(200, 80), mb(300, 80), mb(400, 30), mb(1100, 90)];
    const tuner = startAutotuner(container, Date.now(), new Trace(), { schedule, leadMs: 0 });
    const report = await stopAfter(tuner, 1300);
    // Created at 50 MB (the first step), it stays there through the dip at 100 ms.
    expect(limits).toEqual([80, 30, 90]);
    expect(report.updates.map((u) => u.outcome)).toEqual(['applied', 'applied', 'applied']);
  });

  it('holds a lowering at the highest step due within the hold, below the limit already set', async () => {
    const mb = (atMs: number, value: number): AllocationStep => ({ atMs, mb: value });
    const { container, limits } = slowContainer(1);
    const schedule = [mb(0, 90), mb(100, 20), mb(300, 60), mb(400, 20)];
    const tuner = startAutotuner(container, Date.now(), new Trace(), { schedule, leadMs: 0 });
    const report = await stopAfter(tuner, 600);
    expect(limits).toEqual([60, 20]);
    expect(report.updates.map((u) => [u.askedMb, u.setMb, u.outcome])).toEqual([
      [20, 60, 'held'],
      [20, 20, 'applied'],
    ]);
  });
});
