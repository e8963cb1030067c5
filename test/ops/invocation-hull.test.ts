import { describe, expect, it } from 'vitest';
import { invocationHullToJson, isInvocationHullJson, parseInvocationHull } from '../../src/core/invocation-hull-file.js';
import { invocationRuns, type PhasedRun } from '../../src/core/invocation-hull.js';
import { hullToJson } from '../../src/core/hull.js';
import type { PhaseFigures } from '../../src/core/run-record.js';
import { Trace } from '../../src/core/trace.js';
import { MIB } from '../../src/core/units.js';
import { foldInvocationHull } from '../../src/ops/invocation-hull.js';

type Phase = [name: PhaseFigures['name'], startMs: number, endMs: number, mb: number, extra?: Partial<PhaseFigures>];

/** A session at 1 kHz: every phase's samples at its MB, its kernel peak the same. */
function session(phases: Phase[]): PhasedRun {
  const trace = new Trace();
  const figures: PhaseFigures[] = phases.map(([name, startMs, endMs, mb, extra]) => {
    for (let t = Math.ceil(startMs); t < endMs; t++) trace.append(t, mb * MIB, NaN);
    return { name, startMs, endMs, peakBytes: mb * MIB, samples: endMs - startMs, boundaryLagMs: 0.01, ...extra };
  });
  return { trace, phases: figures };
}

const warm = (invocation: number): Partial<PhaseFigures> => ({ invocation, cold: false, outcome: 'response' });
const SHAPE = { step: 0.1, lookahead: 2, bufferPct: 0 };

describe('a hull over invocations', () => {
  // Init, a cold invocation, then three warm ones of 48, 30 and 20 MB, each 250 ms or less, with idle time between.
  const run = session([
    ['init', 0, 40, 3],
    ['idle', 40, 41, 3],
    ['invoke', 41, 100, 64, { invocation: 1, cold: true, outcome: 'response' }],
    ['idle', 100, 400, 2],
    ['invoke', 400, 650, 48, warm(2)],
    ['idle', 650, 900, 2],
    ['invoke', 900, 1100, 30, warm(3)],
    ['idle', 1100, 1300, 2],
    ['invoke', 1300, 1350, 90, { invocation: 4, cold: false, outcome: 'timeout' }],
    ['idle', 1350, 1400, 1],
  ]);

  it('folds each warm invocation that answered on its own axis, not the session: the shape of one invocation', () => {
    const { invocations, init, idle } = invocationRuns([run]);
    expect(invocations.map((i) => i.durationMs)).toEqual([250, 200]);
    expect(invocations[0]!.trace.timeAt(0)).toBe(0);
    expect(init).toEqual({ peakBytes: 3 * MIB, durationMs: 40, count: 1 });
    // The idle after the last answer is the container being stopped: not counted.
    expect(idle.peakBytes).toBe(3 * MIB);
    const hull = foldInvocationHull([run], SHAPE)!;
    const keys = Object.keys(hullToJson(hull.hull));
    // 250 ms of invocation and the closing 0, never the session's 1.4 s.
    expect(keys.at(-1)).toBe('0.4');
    expect(Math.max(...hull.hull.mb)).toBe(48);
    // The cold one (64 MB) and the timed-out one (90 MB) are left out; the init is apart.
    expect(hull).toMatchObject({ initPeakMb: 3, idlePeakMb: 3, warmInvocations: 2, containers: 1 });
  });

  it("keeps an invocation's kernel peak that no sample of it held (read at its end)", () => {
    const withMark = session([
      ['init', 0, 5, 1],
      ['invoke', 5, 10, 4, { invocation: 1, cold: true, outcome: 'response' }],
      ['idle', 10, 20, 1],
      ['invoke', 20, 30, 8, warm(2)],
      ['idle', 30, 40, 1],
    ]);
    withMark.phases[3]!.peakBytes = 11 * MIB;
    expect(Math.max(...foldInvocationHull([withMark], SHAPE)!.hull.mb)).toBe(11);
  });

  it('has no hull without a warm invocation that answered', () => {
    const one = session([
      ['init', 0, 5, 1],
      ['invoke', 5, 10, 4, { invocation: 1, cold: true, outcome: 'response' }],
      ['idle', 10, 20, 1],
    ]);
    expect(foldInvocationHull([one], SHAPE)).toBeUndefined();
  });

  it('writes a file that reads back, and tells it from a plain uhull.json', () => {
    const hull = foldInvocationHull([run], SHAPE)!;
    const json = JSON.parse(JSON.stringify(invocationHullToJson(hull))) as unknown;
    expect(isInvocationHullJson(json)).toBe(true);
    expect(isInvocationHullJson(hullToJson(hull.uhull))).toBe(false);
    expect(parseInvocationHull(json, 'f').init).toEqual({ peakMb: 3, durationMs: 40, containers: 1 });
    expect(() => parseInvocationHull({ ...(json as object), version: 2 }, 'f.json')).toThrow(/f\.json is not an invocation hull.*version/);
  });
});
