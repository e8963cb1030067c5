import { MinMaxBuckets } from './min-max-buckets.js';

/**
 * Values per sample in a batch posted by a sampler: time (epoch ms), bytes,
 * limit bytes, and the container's CPU time so far in ns (NaN where unknown).
 */
export const SAMPLE_STRIDE = 4;

/** Samples a bounded trace keeps one by one: the newest, so a chart's last seconds, the autotuner and the run's end see every sample. */
const KEPT_SAMPLES = 32_768;

/**
 * A memory trace held in columns of typed arrays, so a long 1 kHz run costs
 * 16 bytes a sample (24 with a limit) instead of one object per sample.
 *
 * A bounded trace (`Trace.bounded()`, what a live run records) keeps its
 * memory flat however long the run: past a minute or so, older samples fold
 * into running figures (count, peak, time-weighted area, headroom under the
 * limit), exact to the last bit, and into min/max buckets that keep every
 * spike for charts. Its indexed samples are then a subset of the run's, and
 * `complete` is false: a use case that needs every sample (a hull, dynamic
 * pricing) re-reads the run's CSV, which holds them all.
 */
export class Trace {
  private times: Float64Array<ArrayBuffer>;
  private bytes: Float64Array<ArrayBuffer>;
  /** Made at the first limit: most files have none, and an hour's column is 47 MB of memory touched for nothing. */
  private limits: Float64Array<ArrayBuffer> | undefined;
  private count = 0;
  private peak = 0;
  private readonly folded: Folded | undefined;

  /** `capacity` sizes the columns up front, so a long file read into them is not copied as they grow. */
  constructor(capacity = 1024, bounded = false) {
    const size = Math.max(16, Math.ceil(capacity));
    this.times = new Float64Array(size);
    this.bytes = new Float64Array(size);
    if (bounded) this.folded = new Folded();
  }

  /** A trace whose memory stays flat however many samples it is given. */
  static bounded(): Trace {
    return new Trace(1024, true);
  }

  /** How many samples can be read by index: all of them, unless `complete` is false. */
  get length(): number {
    return (this.folded?.columns().times.length ?? 0) + this.count;
  }

  /** How many samples the trace was given, whether or not each is still kept. */
  get sampleCount(): number {
    return (this.folded?.count ?? 0) + this.count;
  }

  /** Whether every sample can still be read by index. */
  get complete(): boolean {
    return !this.folded || this.folded.count === 0;
  }

  get peakBytes(): number {
    return Math.max(this.peak, this.folded?.peak ?? 0);
  }

  // Hot in every chart and file command (an hour's file is 6M calls): a plain trace reads its column directly.
  timeAt(i: number): number {
    if (!this.folded) return this.times[i] ?? NaN;
    const before = this.foldedLength;
    if (i < before) return i >= 0 ? this.folded.columns().times[i]! : NaN;
    return i - before < this.count ? this.times[i - before]! : NaN;
  }

  bytesAt(i: number): number {
    if (!this.folded) return this.bytes[i] ?? NaN;
    const before = this.foldedLength;
    if (i < before) return i >= 0 ? this.folded.columns().bytes[i]! : NaN;
    return i - before < this.count ? this.bytes[i - before]! : NaN;
  }

  limitAt(i: number): number {
    if (!this.folded) return i >= 0 && i < this.count && this.limits ? this.limits[i]! : NaN;
    if (i < 0 || i >= this.length) return NaN;
    const kept = i - this.foldedLength;
    if (kept < 0) return this.folded.columns().limits[i]!;
    return this.limits ? this.limits[kept]! : NaN;
  }

  get firstTime(): number | undefined {
    if (this.folded && this.folded.count > 0) return this.folded.firstTime;
    return this.count > 0 ? this.times[0] : undefined;
  }

  get lastTime(): number | undefined {
    return this.count > 0 ? this.times[this.count - 1] : undefined;
  }

  append(timeMs: number, bytes: number, limit: number): void {
    if (this.count === this.times.length) {
      if (this.folded && this.count >= 2 * KEPT_SAMPLES) this.fold(this.count - KEPT_SAMPLES);
      else this.grow();
    }
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
    return span > 0 ? ((this.sampleCount - 1) * 1000) / span : 0;
  }

  /** Mean bytes weighted by the time each sample stands for, up to `endMs`. */
  timeWeightedMeanBytes(endMs: number): number {
    if (this.sampleCount === 0) return 0;
    // Summed in sample order, folded ones first, so a bounded trace gives the same bits as its file read back.
    let area = this.folded?.area ?? 0;
    for (let i = 0; i < this.count; i++) {
      const next = i + 1 < this.count ? this.times[i + 1]! : endMs;
      area += this.bytes[i]! * Math.max(0, next - this.times[i]!);
    }
    const span = endMs - this.firstTime!;
    return span > 0 ? area / span : this.peakBytes;
  }

  /** Whether any sample came within `slackBytes` of the memory limit in force then. */
  reachedLimit(slackBytes: number): boolean {
    if (this.folded && this.folded.headroom <= slackBytes) return true;
    const limits = this.limits;
    if (!limits) return false;
    for (let i = 0; i < this.count; i++) {
      if (limits[i]! > 0 && this.bytes[i]! >= limits[i]! - slackBytes) return true;
    }
    return false;
  }

  /**
   * Ends the trace at `timeMs`: the first sample after it moves to it (its
   * window began before), and any later ones are left out. A bounded trace
   * cuts among the samples it still keeps one by one, the last half minute or
   * more: a run's end is never further back than that.
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

  private get foldedLength(): number {
    return this.folded?.columns().times.length ?? 0;
  }

  private recomputePeak(): void {
    this.peak = 0;
    for (let k = 0; k < this.count; k++) if (this.bytes[k]! > this.peak) this.peak = this.bytes[k]!;
  }

  /** Folds the oldest `n` samples into the running figures and the buckets, and moves the rest to the front. */
  private fold(n: number): void {
    const folded = this.folded!;
    for (let i = 0; i < n; i++) {
      folded.add(this.times[i]!, this.bytes[i]!, this.limits ? this.limits[i]! : NaN, this.times[i + 1]!);
    }
    this.times.copyWithin(0, n, this.count);
    this.bytes.copyWithin(0, n, this.count);
    this.limits?.copyWithin(0, n, this.count);
    this.count -= n;
    this.recomputePeak();
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

type FoldedColumns = ReturnType<MinMaxBuckets['toColumns']>;

/** What a bounded trace remembers of the samples it no longer keeps one by one. */
class Folded {
  count = 0;
  peak = 0;
  /** Bytes × ms each folded sample stands for, up to the next sample. */
  area = 0;
  firstTime = NaN;
  /** The least room any folded sample left under a limit in force (limit − bytes). */
  headroom = Infinity;
  private readonly buckets = new MinMaxBuckets();
  private cached: FoldedColumns | undefined;

  add(timeMs: number, bytes: number, limit: number, nextMs: number): void {
    if (this.count === 0) this.firstTime = timeMs;
    this.count += 1;
    if (bytes > this.peak) this.peak = bytes;
    this.area += bytes * Math.max(0, nextMs - timeMs);
    if (limit > 0 && limit - bytes < this.headroom) this.headroom = limit - bytes;
    this.buckets.add(timeMs, bytes, limit);
    this.cached = undefined;
  }

  /** The buckets as columns, made once after each fold: charts read them by index many times a second. */
  columns(): FoldedColumns {
    this.cached ??= this.buckets.toColumns();
    return this.cached;
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
