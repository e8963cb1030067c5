import type { HullRun } from './hull.js';
import type { PhaseFigures } from './run-record.js';
import { Trace } from './trace.js';

/** A traced run of `functracer invoke`: its samples (ms after the start row) and its phases on the same axis. */
export interface PhasedRun {
  trace: Trace;
  phases: readonly PhaseFigures[];
}

/** A phase's figures folded over many containers: the highest peak and the longest duration; null where none was seen. */
interface PhasePeak {
  peakBytes: number | null;
  durationMs: number | null;
  count: number;
}

/** What a hull over invocations is trained from: each warm invocation on its own axis, the init and the idle time apart. */
export interface InvocationRuns {
  /** One per warm invocation that answered with a response, its time from the event handed out. */
  invocations: HullRun[];
  init: PhasePeak;
  /** The time between invocations: what the runtime keeps while it waits. */
  idle: PhasePeak;
}

/**
 * A warm invocation counts for the hull; a cold one carries the init's leftovers, and a failed one (a timeout, a
 * crash, a stop) did not show what the function needs.
 */
const isWarmAnswer = (phase: PhaseFigures) => phase.name === 'invoke' && phase.cold === false && phase.outcome === 'response';

/**
 * The warm invocations of `runs`, each cut out of its run's trace and moved to its own axis (0 at the event handed
 * out, the finish at its answer), so a hull folds them as the original folds whole runs: the shape of one invocation,
 * not of the session. The kernel's mark over the invocation (read at its end, where no sample of it may hold it) is
 * the invocation's last sample when the samples fell short of it. The inits and the idle times are kept apart.
 */
export function invocationRuns(runs: readonly PhasedRun[]): InvocationRuns {
  const invocations: HullRun[] = [];
  const init = emptyPeak();
  const idle = emptyPeak();
  for (const run of runs) {
    run.phases.forEach((phase, i) => {
      if (phase.name === 'init' && i < run.phases.length - 1) fold(init, phase);
      // The idle time after the last answer is the container being stopped, not a wait between invocations.
      else if (phase.name === 'idle' && i > 0 && i < run.phases.length - 1) fold(idle, phase);
      else if (isWarmAnswer(phase)) invocations.push(sliced(run.trace, phase));
    });
  }
  return { invocations, init, idle };
}

const emptyPeak = (): PhasePeak => ({ peakBytes: null, durationMs: null, count: 0 });

function fold(into: PhasePeak, phase: PhaseFigures): void {
  into.count += 1;
  const duration = phase.endMs - phase.startMs;
  into.durationMs = Math.max(into.durationMs ?? 0, duration);
  if (phase.peakBytes !== null) into.peakBytes = Math.max(into.peakBytes ?? 0, phase.peakBytes);
}

/** The samples inside the phase, on its own axis. */
function sliced(trace: Trace, phase: PhaseFigures): HullRun {
  const out = new Trace();
  const durationMs = Math.max(0, phase.endMs - phase.startMs);
  for (let i = 0; i < trace.length; i++) {
    const t = trace.timeAt(i);
    if (t < phase.startMs || t > phase.endMs) continue;
    out.append(t - phase.startMs, trace.bytesAt(i), NaN);
  }
  if (phase.peakBytes !== null && out.peakBytes < phase.peakBytes) {
    out.append(out.lastTime ?? durationMs, phase.peakBytes, NaN);
  }
  return { trace: out, durationMs };
}
