import type { AllocationStep } from '../core/hull.js';
import { MIB } from '../core/units.js';
import { ENGINE_MIN_LIMIT_BYTES, startAutotuner, type AutotuneReport } from './autotuner.js';
import type { DrivenRun } from './driven-run.js';
import { engineMessage } from './engine.js';

/** A hull replayed per invocation: its steps from each invocation's start, and the limits between. */
export interface InvocationSchedule {
  /** From the event handed out, ms; the upscaling hull of one warm invocation. */
  steps: AllocationStep[];
  /** The limit the container starts with, for its init. */
  initBytes: number;
  /** The limit between invocations: what the idle runtime keeps, and what the next invocation needs at its start. */
  idleBytes: number;
}

/** One limit change of an autotuned invoke session, with the phase it was made for. */
export interface InvocationLimitChange {
  /** The invocation it was made for: before it (a raise), during it (the hull's schedule), or after it (a lowering). */
  invocation: number;
  when: 'before' | 'during' | 'after';
  /** What was set, MB; above what the schedule asked where current usage needed more room. */
  setMb: number;
  /** Before and after: how long the engine took, ms. During: how late it landed on the hull's schedule, ms. */
  tookMs: number;
  refused?: string;
}

/** Never less than current usage plus this: the kernel refuses a limit under usage (v1), and a page fault needs room. */
const MARGIN_BYTES = 4 * MIB;
/** How long a lowering waits for the first sample after the answer; batches come every 20 ms. */
const AFTER_SAMPLE_WAIT_MS = 200;
/** Steps due this soon after an invocation starts are in place before its event is handed out. */
const RAISE_AHEAD_MIN_MS = 100;

/**
 * Replays a hull per invocation on one container, as a platform that resizes a function between events could: the
 * limit is raised to what the hull asks for an invocation's first moments before its event is handed out (functracer
 * hands it out, so it can wait for the engine), the rest of the hull is replayed by the autotuner from the event's
 * time, and once the answer is in the limit drops back to what the idle runtime and the next invocation's start need.
 */
export class InvocationLimits {
  readonly changes: InvocationLimitChange[] = [];
  private limitBytes: number;
  private leadMs = 0;
  private tuner: ReturnType<typeof startAutotuner> | undefined;
  private tunerFor = 0;

  constructor(
    private readonly schedule: InvocationSchedule,
    private readonly run: DrivenRun,
  ) {
    this.limitBytes = schedule.initBytes;
  }

  /** Before the event is handed out: the hull's first moments, in place. */
  async beforeInvocation(invocation: number): Promise<void> {
    const ahead = Math.max(RAISE_AHEAD_MIN_MS, 4 * this.leadMs);
    const mb = Math.max(0, ...this.schedule.steps.filter((s) => s.atMs <= ahead).map((s) => s.mb));
    await this.set(Math.max(mb * MIB, this.schedule.idleBytes), invocation, 'before');
  }

  /** The event went out at `atMs` (epoch ms): the rest of the hull from there. */
  handedOut(invocation: number, atMs: number): void {
    this.tuner = startAutotuner(this.run.container, atMs, this.run.trace, {
      schedule: this.schedule.steps,
      leadMs: this.leadMs,
      startBytes: this.limitBytes,
      onLimitChanged: this.run.limitChanged,
    });
    this.tunerFor = invocation;
  }

  /** The answer is in (at `answeredAtMs`, epoch ms): the replay ends, and the limit drops back to the idle need. */
  async afterInvocation(invocation: number, answeredAtMs: number): Promise<void> {
    await this.stopTuner();
    await this.set(this.schedule.idleBytes, invocation, 'after', await this.usageAfter(answeredAtMs));
  }

  /**
   * The first sample after `atMs`: a sample is its window's peak, so the last one before the answer still holds the
   * invocation's memory, and a limit kept above it would never drop. Samples come in batches, so this waits for one,
   * at most AFTER_SAMPLE_WAIT_MS; then the last sample stands in, which only keeps the limit higher.
   */
  private async usageAfter(atMs: number): Promise<number> {
    const trace = this.run.trace;
    // The trace counts whole ms from the start row (the origin, floored): a sample later than that is surely after.
    const newest = () => (trace.length > 0 ? Math.floor(this.run.originMs) + trace.timeAt(trace.length - 1) : -Infinity);
    for (const end = performance.now() + AFTER_SAMPLE_WAIT_MS; newest() <= atMs && performance.now() < end;) {
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
    return trace.length > 0 ? trace.bytesAt(trace.length - 1) : 0;
  }

  /** Every change, the replays' included, once the container is done with. */
  async finish(): Promise<InvocationLimitChange[]> {
    await this.stopTuner();
    return this.changes;
  }

  private async stopTuner(): Promise<void> {
    const tuner = this.tuner;
    if (!tuner) return;
    this.tuner = undefined;
    const report: AutotuneReport = await tuner.stop();
    this.leadMs = Math.max(this.leadMs, report.leadMs);
    this.limitBytes = tuner.limitBytes();
    for (const update of report.updates) {
      this.changes.push({
        invocation: this.tunerFor,
        when: 'during',
        setMb: update.setMb,
        tookMs: Math.round((update.appliedMs - update.targetMs) * 1000) / 1000,
        ...(update.error ? { refused: update.error } : {}),
      });
    }
  }

  private lastUsage(): number {
    const trace = this.run.trace;
    return trace.length > 0 ? trace.bytesAt(trace.length - 1) : 0;
  }

  /** One limit, never under current usage plus the margin nor the engine's minimum; the same limit is not sent twice. */
  private async set(wanted: number, invocation: number, when: InvocationLimitChange['when'], usage = this.lastUsage()): Promise<void> {
    const bytes = Math.ceil(Math.max(wanted, ENGINE_MIN_LIMIT_BYTES, usage + MARGIN_BYTES));
    if (bytes === this.limitBytes) return;
    const sent = performance.now();
    const change: InvocationLimitChange = { invocation, when, setMb: bytes / MIB, tookMs: 0 };
    try {
      await this.run.container.update({ memoryBytes: bytes, memorySwapBytes: bytes });
      this.limitBytes = bytes;
      this.run.limitChanged();
    } catch (error) {
      change.refused = engineMessage(error);
    }
    change.tookMs = Math.round((performance.now() - sent) * 1000) / 1000;
    this.leadMs = this.leadMs === 0 ? change.tookMs : (this.leadMs + change.tookMs) / 2;
    this.changes.push(change);
  }
}
