import { describe, expect, it } from 'vitest';
import { downsampleMinMax, Trace } from '../../src/core/trace.js';

describe('Trace', () => {
  it('grows past its first capacity and tracks the peak', () => {
    const trace = new Trace();
    for (let i = 0; i < 5000; i++) trace.append(i, i % 7 === 0 ? 10 : 1, 100);
    expect(trace.length).toBe(5000);
    expect(trace.peakBytes).toBe(10);
    expect(trace.timeAt(4999)).toBe(4999);
    expect(trace.lastTime).toBe(4999);
  });

  it('keeps a one-sample spike visible when downsampling', () => {
    const trace = new Trace();
    for (let i = 0; i < 100_000; i++) trace.append(i, i === 54_321 ? 999 : 5, 0);
    const { min, max } = downsampleMinMax(trace, 80, 0, 100_000);
    expect(Math.max(...max)).toBe(999);
    expect(Math.min(...min)).toBe(5);
    expect(max.filter((v) => v === 999)).toHaveLength(1);
  });

  it('tells whether usage came within reach of the limit', () => {
    const trace = new Trace();
    trace.append(0, 10 * 1024 * 1024, 32 * 1024 * 1024);
    expect(trace.reachedLimit(64 * 1024)).toBe(false);
    trace.append(1, 32 * 1024 * 1024 - 4096, 32 * 1024 * 1024);
    expect(trace.reachedLimit(64 * 1024)).toBe(true);
  });

  it('keeps limits that start partway, across growth, and none at all where a file has none', () => {
    const trace = new Trace(16);
    for (let i = 0; i < 10; i++) trace.append(i, 1, NaN);
    expect(trace.reachedLimit(0)).toBe(false);
    for (let i = 10; i < 40; i++) trace.append(i, 5, i < 30 ? 8 : NaN);
    expect([trace.limitAt(0), trace.limitAt(9), trace.limitAt(10), trace.limitAt(29), trace.limitAt(39)]).toEqual([NaN, NaN, 8, 8, NaN]);
    expect(trace.limitAt(40)).toBeNaN();
    expect(trace.reachedLimit(3)).toBe(true);
    expect(trace.reachedLimit(2)).toBe(false);
  });

  it('leaves empty buckets as NaN', () => {
    const trace = new Trace();
    trace.append(0, 1, 0);
    trace.append(100, 2, 0);
    const { max } = downsampleMinMax(trace, 10, 0, 100);
    expect(max[0]).toBe(1);
    expect(max[9]).toBe(2);
    expect(Number.isNaN(max[5]!)).toBe(true);
  });
});
