import type { AllocationStep } from '../core/hull.js';
import type { Trace } from '../core/trace.js';
import { MIB } from '../core/units.js';
import { engineMessage } from './engine.js';
import type { RunContainer } from './runtime.js';

/** Docker refuses memory limits under 6 MB. */
export const ENGINE_MIN_LIMIT_BYTES = 6 * MIB;
/** Room for the runtime's own start-up, measured on cgroup v2 guests (see test:vm). */
const RUNTIME_START_BYTES = 32 * MIB;

export interface AutotuneOptions {
  schedule: AllocationStep[];
  /** How far the limit must stay above current usage; the kernel refuses less than usage. */
  marginBytes?: number;
  /** Measured engine update latency; each change is sent this much ahead of its bucket. */
  leadMs: number;
  /** Told after each change the engine accepted, so the sampler reads the new limit at once. */
  onLimitChanged?: () => void;
  /** The limit in force when the replay starts; by default the one the container was created with (`initialBytes`). */
  startBytes?: number;
}

type UpdateOutcome = 'applied' | 'raised' | 'held' | 'refused';

/**
 * A lowering is held up to the highest step due this soon after it. The upscaling hull often dips for one bucket
 * just before a spike (its lookahead takes the bucket k ahead, not the ones between); the raise then has one bucket
 * to land, and a change that takes longer than usual (a loaded host, an emulated guest) lands after the spike, which
 * the kernel answers with an OOM kill. Only dips shorter than this are given up.
 */
const HOLD_MIN_MS = 500;

interface LimitUpdate {
  /** When the limit should have been in place, ms since start. */
  targetMs: number;
  /** When the engine confirmed it, ms since start. */
  appliedMs: number;
  askedMb: number;
  /** What was set: above `askedMb` when current usage needed more room, or a raise followed soon after. */
  setMb: number;
  outcome: UpdateOutcome;
  error?: string;
}

export interface AutotuneReport {
  /** How far ahead the last change was sent: the learned update latency. */
  leadMs: number;
  updates: LimitUpdate[];
}

/**
 * Replays a limit schedule on a running container, timed from the
 * container's own start. It never asks for less than current usage plus a
 * margin, and a refusal is recorded, not fatal.
 */
export function startAutotuner(container: RunContainer, startedAtMs: number, trace: Trace, options: AutotuneOptions) {
  const margin = options.marginBytes ?? 4 * MIB;
  const updates: LimitUpdate[] = [];
  // The first step too: the container may have started above it, with room for the runtime.
  const steps = options.schedule.filter((step) => step.mb > 0);
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let inFlight: Promise<void> = Promise.resolve();
  // Updates on a running container take longer than the calibration ones on a created one; learn from each.
  let leadMs = options.leadMs;

  const currentUsage = () => (trace.length > 0 ? trace.bytesAt(trace.length - 1) : 0);
  const sinceStart = () => Date.now() - startedAtMs;

  let currentLimit = options.startBytes ?? initialBytes(options.schedule);

  /** The highest step due within the hold after `step`, but no higher than the limit already set. */
  function heldBytes(step: AllocationStep): number {
    const until = step.atMs + Math.max(HOLD_MIN_MS, 4 * leadMs);
    let mb = step.mb;
    for (const later of steps) if (later.atMs > step.atMs && later.atMs <= until) mb = Math.max(mb, later.mb);
    return Math.min(currentLimit, Math.ceil(mb * MIB));
  }

  async function apply(step: AllocationStep): Promise<void> {
    const asked = Math.ceil(Math.max(step.mb * MIB, ENGINE_MIN_LIMIT_BYTES));
    const needed = Math.max(asked, Math.ceil(currentUsage() + margin));
    const bytes = needed < currentLimit ? Math.max(needed, heldBytes(step)) : needed;
    // Consecutive buckets often ask for the same limit; the engine need not hear it twice.
    if (bytes === currentLimit) return;
    currentLimit = bytes;
    const update: LimitUpdate = {
      targetMs: step.atMs,
      appliedMs: NaN,
      askedMb: step.mb,
      setMb: bytes / MIB,
      outcome: bytes === asked ? 'applied' : bytes > needed ? 'held' : 'raised',
    };
    const sent = performance.now();
    try {
      await container.update({ memoryBytes: bytes, memorySwapBytes: bytes });
      options.onLimitChanged?.();
      leadMs = (leadMs + (performance.now() - sent)) / 2;
    } catch (error) {
      update.outcome = 'refused';
      update.error = engineMessage(error);
    }
    update.appliedMs = sinceStart();
    updates.push(update);
  }

  // The step most recently due and not yet sent. An engine slower than the schedule (Podman, an emulated or a
  // remote host) would otherwise work through a queue of stale steps while the function outgrows them: each
  // change sends the newest step, the one for the moment the change lands, and the ones it passed are dropped.
  let due: AllocationStep | undefined;
  function armNext(index: number): void {
    const step = steps[index];
    if (stopped || !step) return;
    const delay = Math.max(0, step.atMs - leadMs - sinceStart());
    timer = setTimeout(() => {
      const queued = due !== undefined;
      due = step;
      if (!queued) {
        inFlight = inFlight.then(() => {
          const next = due;
          due = undefined;
          return stopped || !next ? undefined : apply(next);
        });
      }
      armNext(index + 1);
    }, delay);
  }
  armNext(0);

  return {
    /** The limit set last, which is in force once `stop` has settled. */
    limitBytes: () => currentLimit,
    async stop(): Promise<AutotuneReport> {
      stopped = true;
      clearTimeout(timer);
      await inFlight;
      return { leadMs, updates };
    },
  };
}

/**
 * The limit the container is created with: the schedule's first step, but
 * never under what the runtime needs to start it. On cgroup v2, runc's init
 * (a Go program) is charged to the container's cgroup before the function
 * exists; under about 16 MB a start fails now and then ("cannot get dir FD",
 * "cannot start a stopped process"). The first step follows at once.
 */
export function initialBytes(schedule: readonly AllocationStep[]): number {
  return Math.max(RUNTIME_START_BYTES, Math.ceil((schedule[0]?.mb ?? 0) * MIB));
}

/**
 * Times a few no-op updates on the created container, before it starts, so
 * each real change can be sent ahead by what the engine takes to apply it.
 */
export async function measureUpdateLatency(container: RunContainer, limitBytes: number, tries = 3): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < tries; i++) {
    const before = performance.now();
    await container.update({ memoryBytes: limitBytes, memorySwapBytes: limitBytes });
    times.push(performance.now() - before);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}
