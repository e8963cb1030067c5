import { describe, expect, it } from 'vitest';
import { MinMaxBuckets } from '../../src/core/min-max-buckets.js';
import { downsampleMinMax, Trace } from '../../src/core/trace.js';
import { mulberry32 } from '../../src/core/random.js';

const MIB = 2 ** 20;

/** The same samples into a bounded trace and a plain one: a 1 kHz run whose memory wanders, with a few 1 ms spikes and a limit that changes. */
function twins(samples: number, { stepMs = 1, seed = 7 } = {}): { bounded: Trace; full: Trace } {
  const bounded = Trace.bounded();
  const full = new Trace();
  const next = mulberry32(seed);
  for (let i = 0; i < samples; i++) {
    const t = Math.floor(i * stepMs);
    const spike = i % 99_991 === 5000 ? 400 * MIB : 0;
    const bytes = Math.round((50 + 30 * Math.sin(i / 5000) + next() * 4) * MIB) + spike;
    const limit = i < samples / 2 ? 512 * MIB : 256 * MIB;
    bounded.append(t, bytes, limit);
    full.append(t, bytes, limit);
  }
  return { bounded, full };
}

describe('a bounded trace', () => {
  it('keeps every sample one by one while a run is short', () => {
    const { bounded, full } = twins(20_000);
    expect(bounded.complete).toBe(true);
    expect(bounded.length).toBe(full.length);
    for (const i of [0, 1234, 19_999])
      expect([bounded.timeAt(i), bounded.bytesAt(i), bounded.limitAt(i)]).toEqual([full.timeAt(i), full.bytesAt(i), full.limitAt(i)]);
  });

  it('gives the same figures to the last bit as the whole trace, over minutes of samples', () => {
    const { bounded, full } = twins(400_000);
    expect(bounded.complete).toBe(false);
    expect(bounded.sampleCount).toBe(full.length);
    expect(bounded.peakBytes).toBe(full.peakBytes);
    expect(bounded.firstTime).toBe(full.firstTime);
    expect(bounded.lastTime).toBe(full.lastTime);
    expect(bounded.samplesPerSecond).toBe(full.samplesPerSecond);
    const end = full.lastTime! + 3;
    expect(bounded.timeWeightedMeanBytes(end)).toBe(full.timeWeightedMeanBytes(end));
    for (const slack of [0, 64 * 1024, 200 * MIB, 220 * MIB]) expect(bounded.reachedLimit(slack)).toBe(full.reachedLimit(slack));
  });

  it('holds a bounded number of samples however long the run', () => {
    const hour = Trace.bounded();
    for (let i = 0; i < 3_600_000; i++) hour.append(i, i % 1000, NaN);
    expect(hour.sampleCount).toBe(3_600_000);
    // At most two a bucket plus the newest samples kept one by one: some 100,000 of 3.6 million.
    expect(hour.length).toBeLessThan(2 * 16_384 + 2 * 32_768);
  });

  it("draws each chart column's highest sample as the whole trace does, 1 ms spikes included", () => {
    const { bounded, full } = twins(600_000, { seed: 3 });
    const end = full.lastTime!;
    const chart = downsampleMinMax(bounded, 80, 0, end).max;
    const truth = downsampleMinMax(full, 80, 0, end).max;
    // A bucket that straddles two columns puts its high in one of them: at a column's edge the line can be a
    // bucket's width (64 ms here) off, within the noise of 4 MiB and the slope; the spikes stay exact.
    chart.forEach((v, i) => expect(Math.abs(v - truth[i]!)).toBeLessThan(5 * MIB));
    expect(Math.max(...chart)).toBe(full.peakBytes);
    expect([...chart].filter((v) => v > 300 * MIB)).toHaveLength(6);
  });

  it('reads its samples in time order, the kept ones real samples with the limit then in force', () => {
    const { bounded, full } = twins(300_000, { stepMs: 0.2 });
    const fullAt = new Map<number, number[]>();
    for (let i = 0; i < full.length; i++) fullAt.set(full.timeAt(i) * 1e9 + full.bytesAt(i), [full.limitAt(i)]);
    let ordered = true;
    let real = true;
    for (let i = 1; i < bounded.length; i++) ordered &&= bounded.timeAt(i) >= bounded.timeAt(i - 1);
    for (let i = 0; i < bounded.length; i++) real &&= fullAt.get(bounded.timeAt(i) * 1e9 + bounded.bytesAt(i))?.[0] === bounded.limitAt(i);
    expect({ ordered, real }).toEqual({ ordered: true, real: true });
  });

  it("ends at a run's finish among its newest samples as the whole trace does", () => {
    const { bounded, full } = twins(200_000);
    const finish = full.lastTime! - 120.5;
    bounded.endAt(finish);
    full.endAt(finish);
    expect(bounded.lastTime).toBe(full.lastTime);
    expect(bounded.sampleCount).toBe(full.length);
    expect(bounded.peakBytes).toBe(full.peakBytes);
    expect(bounded.timeWeightedMeanBytes(finish)).toBe(full.timeWeightedMeanBytes(finish));
  });
});

describe('min/max buckets', () => {
  it('keep the lowest and highest sample as they widen, in time order', () => {
    const buckets = new MinMaxBuckets(4, 1);
    const values = [5, 1, 9, 3, 7, 2, 8, 4, 6, 0];
    values.forEach((v, t) => buckets.add(t, v, 100 + t));
    expect(buckets.bucketMs).toBe(4);
    const { times, bytes, limits } = buckets.toColumns();
    expect([...bytes]).toEqual([1, 9, 2, 8, 6, 0]);
    expect([...times]).toEqual([1, 2, 5, 6, 8, 9]);
    expect([...limits]).toEqual([101, 102, 105, 106, 108, 109]);
  });
});
