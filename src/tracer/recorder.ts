import { SAMPLE_STRIDE, Trace } from '../core/trace.js';
import type { TraceSink } from './csv-file.js';
import { SampleQueue } from './sample-queue.js';

/** cgroup v1 writes "no limit" as a number near 2^63; anything this large means unlimited. */
const UNLIMITED = 2 ** 62;

/**
 * Which instants bound a run. `unknown`: the engine gave no finish time (it
 * died, froze or left it blank), so the trace ends at its last sample, taken
 * while the function's processes were still there: never at a later clock.
 */
/** Where a trace begins: the exec the sampler saw, the function's first call out, or Docker's StartedAt. */
export type OriginSource = 'exec' | 'call' | 'engine';

export type DurationSource = 'engine' | 'exec' | 'samples' | 'exec+samples' | 'unknown';

/** How long samples wait before they go to the CSV, so those taken after the exit can still be left out. */
const CSV_HOLD_MS = 500;

/**
 * Turns sampler batches (epoch ms) into the run's Trace (ms since its first
 * row) and the streamed raw CSV. The sampler attaches as soon as the cgroup
 * exists, about 100 ms before Docker's StartedAt; until the runtime's init
 * execs the function, what it sees is the runtime's own setup, so those samples
 * are dropped. The function can exec a little before StartedAt, and a fast one
 * can do all its work in between, so the trace begins at whichever comes first.
 * At the other end the cgroup outlives the function by tens of ms of runtime
 * teardown: samples after Docker's FinishedAt are dropped too, except the first,
 * whose window still held the function's last moments; it moves to the finish.
 *
 * One clock for the run: its start and finish rows sit on whole milliseconds, the finish at least one after the
 * start (a function that ran took time: one over within its start's millisecond, or one the engine stamped as
 * finished before it started, is given that one tick, so no run is priced at nothing), and sample times are whole-millisecond clocks less the start row's, exactly
 * as reading the raw CSV back gives them. So the run's duration, its trace and
 * everything priced from them agree with `cost --trace` on its file.
 */
export class RunRecorder {
  /** Bounded: a run of hours holds the memory of a minute; the CSV keeps every sample. */
  readonly trace = Trace.bounded();
  /** The trace's origin: Docker's StartedAt, or the exec if that came first. */
  private originExactMs: number | undefined;
  /** The start row's clock: the origin on its whole millisecond. */
  private startMs: number | undefined;
  private finishMs: number | undefined;
  /** The earliest sign, before the start was marked, that the function ran: its exec, or its first call out. */
  private seen: { atMs: number; by: 'exec' | 'call' } | undefined;
  private originFrom: OriginSource = 'engine';
  private finishSource: 'engine' | 'samples' | 'unknown' = 'engine';
  private cpuAtStartNs = NaN;
  private cpuLastNs = NaN;
  private pending: Float64Array[] = [];
  /** Kept samples not yet in the CSV, (epoch ms, bytes, limit, cpu) each. */
  private readonly held = new SampleQueue();
  /** The newest sample's exact time, epoch ms. */
  private lastExactMs = -Infinity;
  /** The newest sample in the CSV, on its whole ms. */
  private writtenUpToMs = -Infinity;

  constructor(
    private readonly csv: TraceSink | undefined,
    /** Stands in for "no limit" in the trace and the CSV: the host's memory. */
    private readonly hostMemoryBytes: number,
    private readonly onSamples?: (trace: Trace) => void,
    /** Each kept sample, as it is kept (epoch ms, bytes): for what splits a run into phases. */
    private readonly onSample?: (atMs: number, bytes: number) => void,
  ) {}

  /** The trace's origin, epoch ms, once the start is marked: the exec, or Docker's StartedAt if that came first. */
  get originMs(): number | undefined {
    return this.originExactMs;
  }

  /** The start row's clock, epoch ms on its whole millisecond, once the start is marked. */
  get startRowMs(): number | undefined {
    return this.startMs;
  }

  /** The finish row's clock, once it is written. */
  get finishRowMs(): number | undefined {
    return this.finishMs;
  }

  /** CPU time the container used between its first and last sample, or null where the sampler cannot see it. */
  get cpuMs(): number | null {
    const ms = (this.cpuLastNs - this.cpuAtStartNs) / 1e6;
    return Number.isFinite(ms) ? ms : null;
  }

  /** From the start row to the finish row, whole ms, once both are written. */
  get durationMs(): number | undefined {
    return this.startMs === undefined || this.finishMs === undefined ? undefined : this.finishMs - this.startMs;
  }

  /**
   * Which instants bound the run: Docker's StartedAt and FinishedAt ("engine"),
   * or a sign before StartedAt that the function ran ("exec": its exec, or its first call out), and the last sample
   * where FinishedAt is impossible ("samples": before the start, or before
   * samples already written).
   */
  get durationSource(): DurationSource {
    if (this.finishSource === 'unknown') return 'unknown';
    const parts = [this.originFrom === 'engine' ? 'engine' : 'exec', this.finishSource].filter((p) => p !== 'engine');
    return parts.length === 0 ? 'engine' : (parts.join('+') as DurationSource);
  }

  /** Whether the trace has its start row (and the CSV its file). */
  get started(): boolean {
    return this.startMs !== undefined;
  }

  /** The first sample's distance from the start, ms. */
  get firstSampleLatencyMs(): number | undefined {
    return this.trace.firstTime;
  }

  add(samples: Float64Array): void {
    if (this.originExactMs === undefined) this.pending.push(samples);
    else this.accept(samples, this.originExactMs);
  }

  /**
   * A sign that the function was running by `atMs`: the sampler saw its exec, or it called out (a Lambda runtime's
   * first request, which a static runtime can make before the engine stamps StartedAt). Only counts before the
   * start is marked; the earliest sign wins, whatever order they arrive in.
   */
  markSeenRunning(atMs: number, by: 'exec' | 'call'): void {
    if (this.originExactMs !== undefined) return;
    if (!this.seen || atMs < this.seen.atMs) this.seen = { atMs, by };
  }

  /** What the trace's origin is: the exec seen, the function's first call, or Docker's StartedAt. */
  get originSource(): OriginSource {
    return this.originFrom;
  }

  markStarted(dockerStartMs: number): void {
    if (this.originExactMs !== undefined) return;
    const seen = this.seen;
    const origin = seen && seen.atMs < dockerStartMs ? seen.atMs : dockerStartMs;
    if (seen && origin === seen.atMs) this.originFrom = seen.by;
    this.originExactMs = origin;
    this.startMs = Math.floor(origin);
    this.csv?.start(this.startMs);
    for (const samples of this.pending) this.accept(samples, origin);
    this.pending = [];
  }

  /**
   * Closes the trace at the engine's finish time. `closing` is the sampler's
   * reading of the window after its last read; it is kept, at the finish time,
   * when that window began before the exit.
   */
  finish(finishMs: number, closing?: number[]): void {
    const startMs = this.startMs;
    const originMs = this.originExactMs;
    if (originMs === undefined || startMs === undefined || this.finishMs !== undefined) return;
    if (Number.isNaN(finishMs)) return this.finishWithoutEngine();
    let end = Math.max(Math.floor(finishMs), startMs + 1);
    if (finishMs >= originMs && end >= this.writtenUpToMs) {
      if (closing && this.lastExactMs < finishMs) this.acceptClosing(closing, Math.min(finishMs, closing[0] ?? finishMs), originMs);
      this.endAt(end);
    } else {
      // Docker's finish is before the start, or before samples already in the file: the samples bound the run.
      this.finishSource = 'samples';
      if (closing) this.acceptClosing(closing, this.lastExactMs, originMs);
      end = Math.max(startMs + 1, Math.floor(this.lastExactMs));
    }
    this.flushHeld(Infinity);
    this.finishMs = end;
    this.csv?.finish(end);
  }

  /**
   * Closes the trace when the engine gives no finish time: at the last sample.
   * The sampler stops once the container's processes are gone, so that sample
   * is the function's, not a dead container's empty cgroup read for minutes.
   */
  finishWithoutEngine(): void {
    const startMs = this.startMs;
    if (startMs === undefined || this.finishMs !== undefined) return;
    this.finishSource = 'unknown';
    this.flushHeld(Infinity);
    const end = Math.max(startMs + 1, Math.floor(this.lastExactMs));
    this.finishMs = end;
    this.csv?.finish(end);
  }

  /** Leaves out what came after `end`, but for the first sample after it, moved to it. */
  private endAt(end: number): void {
    const startMs = this.startMs!;
    this.trace.endAt(end - startMs);
    this.held.endAt(end);
  }

  private acceptClosing(closing: number[], at: number, originMs: number): void {
    const [, bytes = NaN, limit = NaN, cpu = NaN] = closing;
    if (!Number.isFinite(bytes)) return;
    this.accept(Float64Array.of(Math.max(originMs, at, this.lastExactMs), bytes, limit, cpu), originMs);
  }

  private accept(samples: Float64Array, originMs: number): void {
    const startMs = this.startMs!;
    let added = false;
    for (let i = 0; i + SAMPLE_STRIDE <= samples.length; i += SAMPLE_STRIDE) {
      const t = samples[i]!;
      const bytes = samples[i + 1]!;
      if (t < originMs) continue;
      const raw = samples[i + 2]!;
      const limit = raw >= UNLIMITED ? this.hostMemoryBytes : Math.min(raw, this.hostMemoryBytes);
      const cpu = samples[i + 3]!;
      if (Number.isNaN(this.cpuAtStartNs)) this.cpuAtStartNs = cpu;
      this.cpuLastNs = cpu;
      this.held.push(t, bytes, limit, cpu);
      this.onSample?.(t, bytes);
      this.trace.append(Math.floor(t) - startMs, bytes, limit);
      this.lastExactMs = Math.max(this.lastExactMs, t);
      added = true;
    }
    if (!added) return;
    this.flushHeld(this.lastExactMs - CSV_HOLD_MS);
    this.onSamples?.(this.trace);
  }

  /** Writes the held samples up to `upToMs` to the CSV. */
  private flushHeld(upToMs: number): void {
    const due = this.held.takeUpTo(upToMs);
    if (!due) return;
    this.writtenUpToMs = Math.floor(due[due.length - SAMPLE_STRIDE]!);
    this.csv?.writeBatch(due);
  }
}
