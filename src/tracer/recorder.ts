import { SAMPLE_STRIDE, Trace } from '../core/trace.js';
import type { TraceSink } from './csv-file.js';

/** cgroup v1 writes "no limit" as a number near 2^63; anything this large means unlimited. */
const UNLIMITED = 2 ** 62;

/**
 * Turns sampler batches (epoch ms) into the run's Trace (ms since its first
 * row) and the streamed raw CSV. The sampler attaches as soon as the cgroup
 * exists, about 100 ms before Docker's StartedAt; until the runtime's init
 * execs the function, what it sees is the runtime's own setup, so those samples
 * are dropped. The function can exec a little before StartedAt, and a fast one
 * can do all its work in between, so the trace begins at whichever comes first.
 */
export class RunRecorder {
  readonly trace = new Trace();
  /** The trace's origin: Docker's StartedAt, or the exec if that came first. */
  private startMs: number | undefined;
  private execMs: number | undefined;
  private cpuAtStartNs = NaN;
  private cpuLastNs = NaN;
  private pending: Float64Array[] = [];

  constructor(
    private readonly csv: TraceSink | undefined,
    /** Stands in for "no limit" in the trace and the CSV: the host's memory. */
    private readonly hostMemoryBytes: number,
    private readonly onSamples?: (trace: Trace) => void,
  ) {}

  /** CPU time the container used between its first and last sample, or null where the sampler cannot see it. */
  get cpuMs(): number | null {
    const ms = (this.cpuLastNs - this.cpuAtStartNs) / 1e6;
    return Number.isFinite(ms) ? ms : null;
  }

  /** The trace's origin in epoch ms, once the start is marked. */
  get originMs(): number | undefined {
    return this.startMs;
  }

  /** The first sample's distance from the start, ms. */
  get firstSampleLatencyMs(): number | undefined {
    return this.trace.firstTime;
  }

  add(samples: Float64Array): void {
    if (this.startMs === undefined) this.pending.push(samples);
    else this.accept(samples, this.startMs);
  }

  /** When the sampler saw the function exec. Only counts before the start is marked. */
  markExec(execMs: number): void {
    if (this.startMs === undefined) this.execMs ??= execMs;
  }

  markStarted(dockerStartMs: number): void {
    if (this.startMs !== undefined) return;
    const origin = Math.min(dockerStartMs, this.execMs ?? dockerStartMs);
    this.startMs = origin;
    this.csv?.start(origin);
    for (const samples of this.pending) this.accept(samples, origin);
    this.pending = [];
  }

  /**
   * Closes the trace at the engine's finish time. `closing` is the sampler's
   * reading of the window after its last read; it is kept, at the finish time,
   * unless the samples already reach past the exit.
   */
  finish(finishMs: number, closing?: number[]): void {
    if (this.startMs === undefined) return;
    if (closing) this.acceptClosing(closing, finishMs, this.startMs);
    const last = this.trace.lastTime;
    this.csv?.finish(Math.max(finishMs, last === undefined ? finishMs : this.startMs + last));
  }

  private acceptClosing(closing: number[], finishMs: number, startMs: number): void {
    const [readAt = NaN, bytes = NaN, limit = NaN, cpu = NaN] = closing;
    const lastMs = this.trace.lastTime === undefined ? undefined : startMs + this.trace.lastTime;
    const t = Math.max(startMs, Math.min(readAt, finishMs));
    if (!Number.isFinite(bytes) || (lastMs !== undefined && t <= lastMs)) return;
    this.accept(Float64Array.of(t, bytes, limit, cpu), startMs);
  }

  private accept(samples: Float64Array, startMs: number): void {
    const kept: number[] = [];
    for (let i = 0; i + SAMPLE_STRIDE <= samples.length; i += SAMPLE_STRIDE) {
      const t = samples[i]!;
      const bytes = samples[i + 1]!;
      if (t < startMs) continue;
      const raw = samples[i + 2]!;
      const limit = raw >= UNLIMITED ? this.hostMemoryBytes : Math.min(raw, this.hostMemoryBytes);
      const cpu = samples[i + 3]!;
      if (Number.isNaN(this.cpuAtStartNs)) this.cpuAtStartNs = cpu;
      this.cpuLastNs = cpu;
      kept.push(t, bytes, limit, cpu);
      this.trace.append(t - startMs, bytes, limit);
    }
    if (kept.length === 0) return;
    this.csv?.writeBatch(Float64Array.from(kept));
    this.onSamples?.(this.trace);
  }
}
