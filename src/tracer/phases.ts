import type { PhaseDetail, PhaseFigures, PhaseName } from '../core/run-record.js';
import type { OriginSource } from './recorder.js';
import type { BoundaryReading } from './sampler.js';

export type { PhaseDetail, PhaseFigures, PhaseName } from '../core/run-record.js';

interface Phase {
  name: PhaseName;
  /** The event that began it, epoch ms; the first phase begins with the trace. */
  eventMs: number;
  /** The boundary reading's number, while the sampler has yet to take it. */
  seq?: number;
  /** The boundary reading's time: readings up to it belong to the phase before. */
  cutMs?: number;
  peak: number;
  samples: number;
  detail: PhaseDetail;
}

/**
 * Splits a run into phases (a Lambda runtime's init, each invocation, the idle time between) and gives each the
 * peak of its own readings. At each boundary the sampler reads the kernel's mark and resets it (`Sampler.cut`): on
 * cgroup v1 at that moment, on this thread, elsewhere on its worker as soon as it wakes. The reading closes the phase
 * that ends, and the next window begins there: each phase's peak is the kernel's mark over that phase alone, to the
 * byte. Readings are told apart by time, so one that reaches here late (held until the exec was seen) still lands in
 * its phase. A sampler that cannot cut (the stats API) leaves the boundaries at the events' own times, and the peaks
 * are as sampled.
 */
export class PhaseMeter {
  private readonly phases: Phase[];
  private cut: (() => BoundaryReading) | undefined;
  /** The worker's readings that hold a boundary's mark folded in, by time: their own bytes, the next phase's. */
  private readonly own = new Map<number, number>();

  constructor(first: PhaseName) {
    this.phases = [{ name: first, eventMs: NaN, cutMs: -Infinity, peak: -Infinity, samples: 0, detail: {} }];
  }

  /** The sampler that takes the boundary readings, once it is the run's for good. */
  cutWith(cut: (() => BoundaryReading) | undefined): void {
    this.cut = cut;
  }

  /** The phase in course ends at `eventMs` (epoch ms), and `name` begins; returns the new phase's index. */
  begin(name: PhaseName, eventMs: number): number {
    const phase: Phase = { name, eventMs, peak: -Infinity, samples: 0, detail: {} };
    const reading = this.cut?.();
    const ending = this.phases.at(-1)!;
    if (reading?.bytes !== undefined && reading.atMs !== undefined) {
      // Read at the boundary itself: the phase that ends has its last window, and the next begins at this reading.
      ending.samples += 1;
      if (reading.bytes > ending.peak) ending.peak = reading.bytes;
      phase.cutMs = reading.atMs;
    } else if (reading) phase.seq = reading.seq;
    else phase.cutMs = eventMs;
    this.phases.push(phase);
    return this.phases.length - 1;
  }

  describe(index: number, detail: PhaseDetail): void {
    const phase = this.phases[index];
    if (phase) Object.assign(phase.detail, detail);
  }

  /**
   * The worker's boundary reading: every boundary up to `seq` that waits for it ends at `atMs`. Where it holds a
   * mark read at a boundary (`ownBytes` given), it counts for the next phase with its own bytes only.
   */
  cutTaken(seq: number, atMs: number, ownBytes?: number): void {
    if (ownBytes !== undefined) this.own.set(atMs, ownBytes);
    // Boundaries waiting for their reading are always the newest ones.
    for (let i = this.phases.length - 1; i > 0 && this.phases[i]!.cutMs === undefined; i--) {
      const phase = this.phases[i]!;
      if (phase.seq !== undefined && phase.seq <= seq) phase.cutMs = atMs;
    }
  }

  /** One reading (epoch ms, bytes, each the mark over its own window): it counts for the phase its time falls in. */
  add(atMs: number, given: number): void {
    const own = this.own.get(atMs);
    if (own !== undefined) this.own.delete(atMs);
    const bytes = own ?? given;
    let i = this.phases.length - 1;
    while (i > 0 && (this.phases[i]!.cutMs === undefined || this.phases[i]!.cutMs! >= atMs)) i--;
    const phase = this.phases[i]!;
    phase.samples += 1;
    if (bytes > phase.peak) phase.peak = bytes;
  }

  /**
   * The phases, their times in ms after the trace's start row (`startRowMs`, epoch ms): the first from the trace's
   * origin, the last to `endRowMs`. A boundary whose reading never came (the run ended first) stands at its event's
   * time. Where the origin is the function's first call (nothing saw it start before it called), the first phase
   * is only known to be shorter than from the start request (`startRequestedMs`) to its end: that bound is kept.
   */
  figures(run: {
    originMs: number;
    originSource: OriginSource;
    startRequestedMs: number;
    startRowMs: number;
    endRowMs: number;
  }): PhaseFigures[] {
    const at = (ms: number) => Math.round((ms - run.startRowMs) * 1000) / 1000;
    return this.phases.map((phase, i) => {
      const next = this.phases[i + 1];
      const cutMs = phase.cutMs;
      const lag = i > 0 && cutMs !== undefined && this.cut ? Math.round((cutMs - phase.eventMs) * 1000) / 1000 : null;
      const endMs = next ? next.eventMs : Math.max(run.endRowMs, phase.eventMs);
      const bound =
        i === 0 && run.originSource === 'call' ? { durationAtMostMs: round3(endMs - Math.min(run.startRequestedMs, run.originMs)) } : {};
      return {
        name: phase.name,
        startMs: at(i === 0 ? run.originMs : phase.eventMs),
        endMs: at(endMs),
        peakBytes: phase.samples > 0 ? phase.peak : null,
        samples: phase.samples,
        boundaryLagMs: lag,
        ...(i === 0 ? { startFrom: run.originSource } : {}),
        ...bound,
        ...phase.detail,
      };
    });
  }
}

const round3 = (ms: number) => Math.round(ms * 1000) / 1000;
