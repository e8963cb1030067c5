import { describe, expect, it } from 'vitest';
import {
  bucketOf,
  computeHull,
  type HullRun,
  floorHull,
  computeUhull,
  hullFromJson,
  hullSchedule,
  hullToJson,
} from '../../src/core/hull.js';
import { Trace } from '../../src/core/trace.js';

const MIB = 1024 * 1024;
/** A run whose finish row falls on its last sample, so the rows around the samples add nothing but the "0.0" bucket. */
function trace(points: [ms: number, mb: number][]): HullRun {
  const t = new Trace();
  for (const [ms, mb] of points) t.append(ms, mb * MIB, 0);
  return { trace: t, durationMs: points.at(-1)?.[0] ?? 0 };
}

describe('bucketOf', () => {
  it('rounds halves up on integer milliseconds', () => {
    expect([0, 49, 50, 149, 150, 151].map((t) => bucketOf(t, 100))).toEqual([0, 0, 1, 1, 2, 2]);
    // 0.35 s is a tie that Python's round(0.35, 1) takes down to 0.3; we take it up.
    expect(bucketOf(350, 100)).toBe(4);
  });
});

describe('computeHull', () => {
  it('takes the maximum of every trace in each bucket and ends with a zero bucket', () => {
    const a = trace([
      [0, 10],
      [40, 12],
      [100, 30],
      [210, 5],
    ]);
    const b = trace([
      [20, 11],
      [120, 25],
      [190, 40],
    ]);
    const hull = computeHull([a, b]);
    // buckets: 0 ← {10, 12, 11}; 1 ← {30, 25}; 2 ← {5, 40}; then 3 → 0
    expect(hullToJson(hull)).toEqual({ '0.0': 12, '0.1': 30, '0.2': 40, '0.3': 0 });
  });

  it('leaves out buckets no sample fell in (uneven sampling)', () => {
    const hull = computeHull([
      trace([
        [0, 1],
        [520, 8],
        [530, 9],
        [1000, 2],
      ]),
    ]);
    expect(hullToJson(hull)).toEqual({ '0.0': 1, '0.5': 9, '1.0': 2, '1.1': 0 });
  });

  it('uses the step asked for, with keys as precise as the step', () => {
    const hull = computeHull(
      [
        trace([
          [0, 1],
          [260, 3],
        ]),
      ],
      { step: 0.25 },
    );
    expect(hullToJson(hull)).toEqual({ '0.00': 1, '0.25': 3, '0.50': 0 });
    // Core names the option, not a flag: the commands parse --step themselves (hullShapeFromFlags).
    expect(() => computeHull([], { step: 0 })).toThrow(/the hull step got 0 s, which is not a positive number of seconds/);
    // Trace files time their rows to the millisecond: a finer grid would only invent keys such as "1.2501".
    expect(() => computeHull([], { step: 0.0001 })).toThrow(/the hull step got 0.0001 s, which is not a whole number of milliseconds/);
    expect(hullToJson(computeHull([trace([[1, 2]])], { step: 0.001 }))).toEqual({ '0.000': 0, '0.001': 2, '0.002': 0 });
    // A denormal rounds to a whole 0 ms; it was once a hull of {"NaN": 0}.
    expect(() => computeHull([trace([[1, 2]])], { step: 1e-320 })).toThrow(/the hull step got 1e-320 s, which is less than a millisecond/);
  });

  it('is empty for no runs', () => {
    expect(computeHull([]).buckets).toEqual([]);
  });

  it('counts the start and finish rows as the original did', () => {
    // Sampled at about 10 a second from 87 ms on: the start row alone makes "0.0".
    const late = trace([
      [87, 50],
      [180, 60],
    ]);
    expect(hullToJson(computeHull([{ ...late, durationMs: 260 }]))).toEqual({ '0.0': 0, '0.1': 50, '0.2': 60, '0.3': 0, '0.4': 0 });
    // A shorter run's finish row inside the longer run's gap is a bucket of its own, holding 0.
    const long = trace([
      [20, 10],
      [120, 20],
      [510, 30],
    ]);
    const short = { ...trace([[110, 5]]), durationMs: 320 };
    expect(hullToJson(computeHull([long, short]))).toEqual({ '0.0': 10, '0.1': 20, '0.3': 0, '0.5': 30, '0.6': 0 });
  });
});

describe('computeUhull', () => {
  const hull = computeHull([
    trace([
      [0, 10],
      [100, 20],
      [200, 50],
      [300, 40],
      [400, 5],
    ]),
  ]);

  it('looks two buckets ahead in the list, and keeps the end as it is', () => {
    // list: 10, 20, 50, 40, 5, 0 → max with the one two places on
    expect(computeUhull(hull).mb).toEqual([50, 40, 50, 40, 5, 0]);
  });

  it('counts lookahead in listed buckets even across a gap', () => {
    const gappy = computeHull([
      trace([
        [0, 10],
        [500, 70],
        [600, 20],
      ]),
    ]);
    // list: 0.0→10, 0.5→70, 0.6→20, 0.7→0
    expect(computeUhull(gappy, { lookahead: 1 }).mb).toEqual([70, 70, 20, 0]);
  });

  it('refuses a lookahead or a safety buffer a direct caller got wrong, instead of a hull of NaN or below the hull', () => {
    expect(() => computeUhull(hull, { lookahead: 1.5 })).toThrow(/the lookahead got 1\.5, which is not a whole number of buckets/);
    expect(() => computeUhull(hull, { bufferPct: -5 })).toThrow(/the safety buffer got -5 %, which is not a percentage of 0 or more/);
    expect(() => computeUhull(hull, { bufferPct: NaN })).toThrow(/the safety buffer got NaN %/);
  });

  it('applies the safety buffer to every value', () => {
    expect(computeUhull(hull, { lookahead: 0, bufferPct: 10 }).mb.map((v) => +v.toFixed(6))).toEqual([11, 22, 55, 44, 5.5, 0]);
  });
});

describe('floorHull', () => {
  it('raises values to the engine minimum but keeps the closing zero', () => {
    const hull = hullFromJson({ '0.0': 3, '0.1': 50, '0.2': 5.8, '0.3': 0 }, 'u');
    expect(floorHull(hull, 6).mb).toEqual([6, 50, 6, 0]);
  });
});

describe('hull JSON', () => {
  it('round-trips the original format', () => {
    const hull = computeUhull(
      computeHull([
        trace([
          [0, 121.45703125],
          [100, 196.078125],
          [200, 3.75390625],
        ]),
      ]),
    );
    const json = JSON.parse(JSON.stringify(hullToJson(hull))) as unknown;
    expect(hullFromJson(json, 'uhull.json')).toEqual(hull);
  });

  it('names the key or value at fault', () => {
    expect(() => hullFromJson({ '0.0': 1, soon: 2 }, 'u.json')).toThrow('u.json has the key "soon", which is not a time in seconds');
    expect(() => hullFromJson({ '0.0': 1, '0.1': 'lots' }, 'u.json')).toThrow(
      'u.json has "lots" at "0.1", which is not a memory size in MB',
    );
    expect(() => hullFromJson([], 'u.json')).toThrow(/not a JSON object/);
    expect(() => hullFromJson({}, 'u.json')).toThrow(/u\.json is empty/);
  });

  it('refuses values no memory can have and keys off the grid, as they are spelt', () => {
    const parsed = JSON.parse('{"0.0": 1, "0.1": 1e400}') as object;
    expect(() => hullFromJson(parsed, 'u.json')).toThrow('u.json has a number beyond any memory size at "0.1"');
    const offGrid = { '0.0': 1, '0.05': 2, '0.1': 3, '0.2': 4, '0.3': 5, '0.4': 6 };
    expect(() => hullFromJson(offGrid, 'u.json')).toThrow('u.json has the key "0.05", which is off the file\'s grid of 0.1 s steps');
    expect(() => hullFromJson({ '0.0': 1, '0.1': 2, '0.10': 3 }, 'u.json')).toThrow('u.json gives 0.1 s twice, as "0.1" and "0.10"');
    // A finer step is a grid of its own, and a hull may skip steps.
    expect(hullFromJson({ '0.00': 1, '0.05': 2, '0.10': 3, '0.20': 0 }, 'u').stepMs).toBe(50);
  });

  it('schedules each bucket from half a step before its centre', () => {
    const hull = hullFromJson({ '0.0': 10, '0.1': 20, '0.2': 0 }, 'u');
    expect(hullSchedule(hull)).toEqual([
      { atMs: 0, mb: 10 },
      { atMs: 50, mb: 20 },
      { atMs: 150, mb: 0 },
    ]);
  });
});
