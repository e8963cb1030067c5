import { describe, expect, it } from 'vitest';
import { RunRecorder } from '../../src/tracer/recorder.js';
import type { TraceSink } from '../../src/tracer/csv-file.js';

const HOST = 8 * 2 ** 30;
const T0 = 1_700_000_000_000;

/** What the recorder sends to its CSV: the start row, sample times, the finish row. */
class Rows implements TraceSink {
  startMs: number | undefined;
  sampleMs: number[] = [];
  finishMs: number | undefined;
  start(epochMs: number): void {
    this.startMs = epochMs;
  }
  writeBatch(samples: Float64Array): void {
    for (let i = 0; i < samples.length; i += 4) this.sampleMs.push(samples[i]!);
  }
  finish(epochMs: number): void {
    this.finishMs = epochMs;
  }
}

/** Samples every ms from `fromMs` to `toMs` (ms after T0), 1 MiB each. */
function samples(fromMs: number, toMs: number): Float64Array {
  const out: number[] = [];
  for (let t = fromMs; t <= toMs; t++) out.push(T0 + t, 2 ** 20, HOST, 0);
  return Float64Array.from(out);
}

describe('the run recorder at the end of a run', () => {
  it("closes at the engine's finish when the engine gives one", () => {
    const rows = new Rows();
    const recorder = new RunRecorder(rows, HOST);
    recorder.markStarted(T0);
    recorder.add(samples(0, 1500));
    recorder.finish(T0 + 1490);
    expect(recorder.durationMs).toBe(1490);
    expect(recorder.durationSource).toBe('engine');
    expect(rows.finishMs).toBe(T0 + 1490);
  });

  it('closes at the last sample, marked unknown, when the engine gives no finish time', () => {
    const rows = new Rows();
    const recorder = new RunRecorder(rows, HOST);
    recorder.markStarted(T0);
    recorder.add(samples(0, 1500));
    // What a run does after its engine died: the clock now is far past the function, and must not be the finish.
    recorder.finishWithoutEngine();
    expect(recorder.durationMs).toBe(1500);
    expect(recorder.durationSource).toBe('unknown');
    expect(rows.finishMs).toBe(T0 + 1500);
    expect(rows.sampleMs.at(-1)).toBe(T0 + 1500);
  });

  it('takes a finish time the engine left blank (NaN) as no finish time', () => {
    const recorder = new RunRecorder(new Rows(), HOST);
    recorder.markStarted(T0);
    recorder.add(samples(0, 700));
    recorder.finish(NaN);
    expect(recorder.durationSource).toBe('unknown');
    expect(recorder.durationMs).toBe(700);
  });

  it('gives a run at least one millisecond: one over within its start, or stamped as finished before it started', () => {
    const within = new Rows();
    const quick = new RunRecorder(within, HOST);
    quick.markStarted(T0 + 0.2);
    quick.finish(T0 + 0.9);
    expect([quick.durationMs, quick.durationSource, within.finishMs]).toEqual([1, 'engine', T0 + 1]);
    const before = new Rows();
    const stamped = new RunRecorder(before, HOST);
    stamped.markStarted(T0 + 5);
    stamped.finish(T0 + 3);
    expect([stamped.durationMs, stamped.durationSource, before.finishMs]).toEqual([1, 'samples', T0 + 6]);
  });

  it('closes once: a later finish changes nothing', () => {
    const rows = new Rows();
    const recorder = new RunRecorder(rows, HOST);
    recorder.markStarted(T0);
    recorder.add(samples(0, 300));
    recorder.finish(T0 + 300);
    recorder.finishWithoutEngine();
    expect(recorder.durationSource).toBe('engine');
    expect(rows.finishMs).toBe(T0 + 300);
  });

  it('has no trace, and claims none, when the run never started', () => {
    const rows = new Rows();
    const recorder = new RunRecorder(rows, HOST);
    recorder.add(samples(0, 10));
    recorder.finishWithoutEngine();
    expect(recorder.started).toBe(false);
    expect(rows.startMs).toBeUndefined();
    expect(rows.finishMs).toBeUndefined();
  });
});

describe('where the recorder starts a trace', () => {
  it('starts at the earliest sign that the function ran, whatever order the signs arrive in, and says which it was', () => {
    const rows = new Rows();
    const recorder = new RunRecorder(rows, HOST);
    recorder.markSeenRunning(T0 + 3.5, 'exec');
    // A runtime's first call, stamped before the exec sighting that reached the recorder first.
    recorder.markSeenRunning(T0 + 2.25, 'call');
    recorder.markStarted(T0 + 4);
    expect(recorder.originMs).toBe(T0 + 2.25);
    expect(recorder.originSource).toBe('call');
    expect(rows.startMs).toBe(T0 + 2);
    recorder.add(samples(3, 10));
    recorder.finish(T0 + 10);
    expect(recorder.durationSource).toBe('exec');
  });

  it("keeps the engine's StartedAt when every sign came after it, and ignores signs once started", () => {
    const recorder = new RunRecorder(undefined, HOST);
    recorder.markSeenRunning(T0 + 6, 'call');
    recorder.markStarted(T0 + 4);
    recorder.markSeenRunning(T0 + 1, 'exec');
    expect(recorder.originMs).toBe(T0 + 4);
    expect(recorder.originSource).toBe('engine');
  });
});
