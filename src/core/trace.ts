/**
 * Values per sample in a batch posted by a sampler: time (epoch ms), bytes,
 * limit bytes, and the container's CPU time so far in ns (NaN where unknown).
 */
export const SAMPLE_STRIDE = 4;

/**
 * A memory trace held in columns of typed arrays, so a long 1 kHz run costs
 * 16 bytes a sample (24 with a limit) instead of one object per sample.
 */
export class Trace {
  private times: Float64Array<ArrayBuffer>;
  private bytes: Float64Array<ArrayBuffer>;
  /** Made at the first limit: most files have none, and an hour's column is 47 MB of memory touched for nothing. */
  private limits: Float64Array<ArrayBuffer> | undefined;
  private count = 0;
  private peak = 0;

  /** `capacity` sizes the columns up front, so a long file read into them is not copied as they grow. */
  constructor(capacity = 1024) {
    const size = Math.max(16, Math.ceil(capacity));
    this.times = new Float64Array(size);
    this.bytes = new Float64Array(size);
  }

  get length(): number {
    return this.count;
  }

  get peakBytes(): number {
    return this.peak;
  }

  timeAt(i: number): number {
    return this.times[i] ?? NaN;
  }

  bytesAt(i: number): number {
    return this.bytes[i] ?? NaN;
  }

  limitAt(i: number): number {
    return i >= 0 && i < this.count && this.limits ? this.limits[i]! : NaN;
  }

  get firstTime(): number | undefined {
    return this.count > 0 ? this.times[0] : undefined;
  }

  get lastTime(): number | undefined {
    return this.count > 0 ? this.times[this.count - 1] : undefined;
  }

  append(timeMs: number, bytes: number, limit: number): void {
    if (this.count === this.times.length) this.grow();
    this.times[this.count] = timeMs;
    this.bytes[this.count] = bytes;
    if (this.limits) this.limits[this.count] = limit;
    else if (!Number.isNaN(limit)) {
      this.limits = new Float64Array(this.times.length);
      this.limits.fill(NaN, 0, this.count);
      this.limits[this.count] = limit;
    }
    this.count += 1;
    if (bytes > this.peak) this.peak = bytes;
  }

  /**
   * Samples a second over the span they cover: the one rate every report, table
   * and screen shows, for a live run, a finished one or a recorded file. Not over
   * the run's duration: the cgroup outlives the process by a few ms, which would understate it.
   */
  get samplesPerSecond(): number {
    const span = (this.lastTime ?? 0) - (this.firstTime ?? 0);
    return span > 0 ? ((this.count - 1) * 1000) / span : 0;
  }

  /** Mean bytes weighted by the time each sample stands for, up to `endMs`. */
  timeWeightedMeanBytes(endMs: number): number {
    if (this.count === 0) return 0;
    let area = 0;
    for (let i = 0; i < this.count; i++) {
      const next = i + 1 < this.count ? this.times[i + 1]! : endMs;
      area += this.bytes[i]! * Math.max(0, next - this.times[i]!);
    }
    const span = endMs - this.times[0]!;
    return span > 0 ? area / span : this.peak;
  }

  /** Whether any sample came within `slackBytes` of the memory limit in force then. */
  reachedLimit(slackBytes: number): boolean {
    const limits = this.limits;
    if (!limits) return false;
    for (let i = 0; i < this.count; i++) {
      if (limits[i]! > 0 && this.bytes[i]! >= limits[i]! - slackBytes) return true;
    }
    return false;
  }

  /**
   * Ends the trace at `timeMs`: the first sample after it moves to it (its
   * window began before), and any later ones are left out.
   */
  endAt(timeMs: number): void {
    let i = 0;
    while (i < this.count && this.times[i]! <= timeMs) i++;
    if (i === this.count) return;
    this.times[i] = timeMs;
    this.count = i + 1;
    this.recomputePeak();
  }

  /** Takes the last sample out and gives it back. */
  removeLast(): { timeMs: number; bytes: number } | undefined {
    if (this.count === 0) return undefined;
    this.count -= 1;
    const last = { timeMs: this.times[this.count]!, bytes: this.bytes[this.count]! };
    if (last.bytes >= this.peak) this.recomputePeak();
    return last;
  }

  private recomputePeak(): void {
    this.peak = 0;
    for (let k = 0; k < this.count; k++) if (this.bytes[k]! > this.peak) this.peak = this.bytes[k]!;
  }

  /** Makes room for `capacity` samples in all, so a file of known length grows its columns once. */
  reserve(capacity: number): void {
    if (capacity > this.times.length) this.resize(Math.ceil(capacity));
  }

  private grow(): void {
    this.resize(this.times.length * 2);
  }

  private resize(size: number): void {
    this.times = copyInto(new Float64Array(size), this.times);
    this.bytes = copyInto(new Float64Array(size), this.bytes);
    if (this.limits) this.limits = copyInto(new Float64Array(size), this.limits);
  }
}

function copyInto(target: Float64Array<ArrayBuffer>, source: Float64Array): Float64Array<ArrayBuffer> {
  target.set(source);
  return target;
}

export interface MinMaxSeries {
  /** Lowest bytes in each bucket, NaN where a bucket has no sample. */
  min: Float64Array;
  /** Highest bytes in each bucket, so a 1 ms spike survives downsampling. */
  max: Float64Array;
}

/** Buckets the trace into `width` equal time slices between `fromMs` and `toMs`. */
export function downsampleMinMax(trace: Trace, width: number, fromMs: number, toMs: number): MinMaxSeries {
  const min = new Float64Array(width).fill(NaN);
  const max = new Float64Array(width).fill(NaN);
  const span = Math.max(toMs - fromMs, 1e-9);
  for (let i = 0; i < trace.length; i++) {
    const t = trace.timeAt(i);
    if (t < fromMs || t > toMs) continue;
    const bucket = Math.min(width - 1, Math.floor(((t - fromMs) / span) * width));
    const value = trace.bytesAt(i);
    if (!(min[bucket]! <= value)) min[bucket] = value;
    if (!(max[bucket]! >= value)) max[bucket] = value;
  }
  return { min, max };
}
