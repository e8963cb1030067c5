import { expect, it } from 'vitest';
import { PhaseMeter } from '../../src/tracer/phases.js';

/** A run whose start the engine stamped (the usual case), from `originMs`. */
const span = (originMs: number, startRowMs: number, endRowMs: number) => ({
  originMs,
  originSource: 'engine' as const,
  startRequestedMs: originMs - 5,
  startRowMs,
  endRowMs,
});

/** A meter whose boundary readings the test takes by hand, as the sampler's worker would post them (cgroup v2). */
function meterWithCuts(): { meter: PhaseMeter; asked: number[] } {
  const meter = new PhaseMeter('init');
  const asked: number[] = [];
  meter.cutWith(() => ({ seq: asked.push(asked.length + 1) }));
  return { meter, asked };
}

it("on cgroup v1, closes each phase with the mark read at its boundary, and counts the folded reading as the next phase's own", () => {
  const meter = new PhaseMeter('init');
  const marks = [
    { atMs: 10.01, bytes: 3e6 },
    { atMs: 20.01, bytes: 80e6 },
  ];
  let seq = 0;
  meter.cutWith(() => ({ seq: ++seq, ...marks[seq - 1]! }));
  meter.add(9, 2e6);
  const invoke = meter.begin('invoke', 10);
  // The worker's next reading holds the boundary's mark (3 MB) folded in; its own is the invocation's first window.
  meter.cutTaken(1, 10.4, 1e6);
  meter.add(10.4, 3e6);
  meter.add(15, 60e6);
  meter.begin('idle', 20);
  meter.cutTaken(2, 20.2, 4e6);
  meter.add(20.2, 80e6);
  const [init, invoked, idle] = meter.figures(span(8, 8, 30));
  expect(init).toMatchObject({ peakBytes: 3e6, samples: 2, endMs: 2 });
  // The invocation's peak is the mark read at its end (80 MB), which no worker reading of its own held.
  expect(invoked).toMatchObject({ peakBytes: 80e6, samples: 3, startMs: 2, endMs: 12, boundaryLagMs: 0.01 });
  expect(idle).toMatchObject({ peakBytes: 4e6, samples: 1, boundaryLagMs: 0.01 });
  expect(invoke).toBe(1);
});

it('gives each phase the peak of the readings up to its boundary reading, and none after', () => {
  const { meter } = meterWithCuts();
  meter.add(1000, 5e6);
  meter.add(1001, 9e6);
  const idle = meter.begin('idle', 1001.5);
  // The boundary's own reading covers the init up to the boundary: it is the init's.
  meter.add(1001.6, 7e6);
  meter.cutTaken(1, 1001.6);
  meter.add(1002.5, 6e6);
  const invoke = meter.begin('invoke', 1002.8);
  meter.add(1002.85, 6.5e6);
  meter.cutTaken(2, 1002.85);
  meter.add(1003.7, 70e6);
  meter.describe(invoke, { invocation: 1, outcome: 'response' });
  meter.begin('idle', 1004);
  meter.add(1004.05, 71e6);
  meter.cutTaken(3, 1004.05);
  meter.add(1005, 6e6);
  const phases = meter.figures(span(999.5, 999, 1006));
  expect(phases.map((p) => [p.name, p.startMs, p.endMs, p.peakBytes, p.samples, p.boundaryLagMs])).toEqual([
    ['init', 0.5, 2.5, 9e6, 3, null],
    ['idle', 2.5, 3.8, 6.5e6, 2, 0.1],
    ['invoke', 3.8, 5, 71e6, 2, 0.05],
    ['idle', 5, 7, 6e6, 1, 0.05],
  ]);
  expect(phases[idle]!.name).toBe('idle');
  expect(phases[invoke]).toMatchObject({ invocation: 1, outcome: 'response' });
});

it('places a reading that comes late (held until the exec was seen) by its time, and one reading can end two boundaries', () => {
  const { meter } = meterWithCuts();
  meter.begin('idle', 10);
  meter.begin('invoke', 10.01);
  // The worker saw both requests at one wake: one reading, for boundary 2 and all before it.
  meter.cutTaken(2, 10.05);
  meter.add(20, 50e6);
  // A reading from before the boundary, released late.
  meter.add(9, 3e6);
  const [init, idle, invoke] = meter.figures(span(8, 8, 30));
  expect(init).toMatchObject({ peakBytes: 3e6, samples: 1 });
  expect(idle).toMatchObject({ peakBytes: null, samples: 0 });
  expect(invoke).toMatchObject({ peakBytes: 50e6, samples: 1 });
});

it("without a sampler that cuts (the stats API), the boundaries stand at the events' own times and say so", () => {
  const meter = new PhaseMeter('init');
  meter.begin('idle', 100);
  meter.add(99, 1e6);
  meter.add(101, 2e6);
  const phases = meter.figures(span(90, 90, 110));
  expect(phases.map((p) => [p.peakBytes, p.boundaryLagMs])).toEqual([
    [1e6, null],
    [2e6, null],
  ]);
});

it("leaves a boundary whose reading never came at its event's time", () => {
  const { meter } = meterWithCuts();
  meter.begin('idle', 50);
  meter.add(60, 4e6);
  const [init, idle] = meter.figures(span(40, 40, 70));
  expect(init).toMatchObject({ endMs: 10, samples: 1, peakBytes: 4e6 });
  expect(idle).toMatchObject({ startMs: 10, samples: 0, boundaryLagMs: null });
});

it("bounds an init that nothing saw start (the runtime's first call came before the engine's StartedAt) from the start request", () => {
  const { meter } = meterWithCuts();
  meter.begin('idle', 100.25);
  const seenByCall = { originMs: 100.25, originSource: 'call' as const, startRequestedMs: 97, startRowMs: 100, endRowMs: 110 };
  const [init, idle] = meter.figures(seenByCall);
  expect(init).toMatchObject({ startMs: 0.25, endMs: 0.25, startFrom: 'call', durationAtMostMs: 3.25 });
  expect(idle).not.toHaveProperty('durationAtMostMs');
  const [engineInit] = meter.figures({ ...seenByCall, originSource: 'engine', originMs: 99 });
  expect(engineInit).toMatchObject({ startMs: -1, endMs: 0.25, startFrom: 'engine' });
  expect(engineInit).not.toHaveProperty('durationAtMostMs');
});
