/**
 * A bounded stand-in for samples a long run no longer keeps one by one: time
 * is cut into buckets of `bucketMs`, and each bucket keeps two real samples,
 * its lowest and its highest (time, bytes and the limit then in force). When
 * the buckets run out, their width doubles and neighbours merge, so an hour
 * costs the same memory as a minute and a 1 ms spike still shows on a chart.
 */
export class MinMaxBuckets {
  private readonly index: Float64Array;
  /** Per bucket: the low sample's time, bytes, limit, then the high sample's. */
  private readonly cells: Float64Array;
  private used = 0;
  private width: number;

  constructor(
    private readonly capacity = 16_384,
    bucketMs = 8,
  ) {
    this.index = new Float64Array(capacity);
    this.cells = new Float64Array(capacity * 6);
    this.width = bucketMs;
  }

  /** How many samples the buckets hold: one or two a bucket, in time order. */
  get length(): number {
    let n = 0;
    for (let b = 0; b < this.used; b++) n += this.pairOf(b);
    return n;
  }

  get bucketMs(): number {
    return this.width;
  }

  add(timeMs: number, bytes: number, limit: number): void {
    const bucket = Math.floor(timeMs / this.width);
    const last = this.used - 1;
    if (last >= 0 && this.index[last] === bucket) {
      const at = last * 6;
      if (bytes < this.cells[at + 1]!) this.put(at, timeMs, bytes, limit);
      if (bytes > this.cells[at + 4]!) this.put(at + 3, timeMs, bytes, limit);
      return;
    }
    if (this.used === this.capacity) return (this.widen(), this.add(timeMs, bytes, limit));
    this.index[this.used] = bucket;
    this.put(this.used * 6, timeMs, bytes, limit);
    this.put(this.used * 6 + 3, timeMs, bytes, limit);
    this.used += 1;
  }

  private put(at: number, timeMs: number, bytes: number, limit: number): void {
    this.cells[at] = timeMs;
    this.cells[at + 1] = bytes;
    this.cells[at + 2] = limit;
  }

  /**
   * The samples in time order, as (time, bytes, limit) triples: a bucket's low
   * and high, in the order they came, or one where they are the same sample.
   */
  toColumns(): { times: Float64Array; bytes: Float64Array; limits: Float64Array } {
    const n = this.length;
    const times = new Float64Array(n);
    const bytes = new Float64Array(n);
    const limits = new Float64Array(n);
    let k = 0;
    for (let b = 0; b < this.used; b++) {
      const at = b * 6;
      const lowFirst = this.cells[at]! <= this.cells[at + 3]!;
      const order = this.pairOf(b) === 1 ? [at] : lowFirst ? [at, at + 3] : [at + 3, at];
      for (const o of order) {
        times[k] = this.cells[o]!;
        bytes[k] = this.cells[o + 1]!;
        limits[k] = this.cells[o + 2]!;
        k += 1;
      }
    }
    return { times, bytes, limits };
  }

  private pairOf(b: number): 1 | 2 {
    const at = b * 6;
    return this.cells[at] === this.cells[at + 3] && this.cells[at + 1] === this.cells[at + 4] ? 1 : 2;
  }

  /** Doubles the width: each pair of neighbouring buckets becomes one, keeping the lower low and the higher high. */
  private widen(): void {
    this.width *= 2;
    let out = -1;
    for (let b = 0; b < this.used; b++) {
      const bucket = Math.floor(this.index[b]! / 2);
      const at = b * 6;
      if (out >= 0 && this.index[out] === bucket) {
        const to = out * 6;
        if (this.cells[at + 1]! < this.cells[to + 1]!) this.cells.copyWithin(to, at, at + 3);
        if (this.cells[at + 4]! > this.cells[to + 4]!) this.cells.copyWithin(to + 3, at + 3, at + 6);
        continue;
      }
      out += 1;
      this.index[out] = bucket;
      this.cells.copyWithin(out * 6, at, at + 6);
    }
    this.used = out + 1;
  }
}
