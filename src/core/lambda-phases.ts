import type { PhaseFigures } from './run-record.js';

/** A phase's duration, ms to the µs: the one figure the report, the JSON and every price take from the phase's times. */
export function phaseDurationMs(phase: Pick<PhaseFigures, 'startMs' | 'endMs'>): number {
  return Math.round((phase.endMs - phase.startMs) * 1000) / 1000;
}

/** One invocation as measured: its Duration and Max Memory Used, and on a cold one its container's init. */
export interface MeasuredInvocation {
  cold: boolean;
  durationMs: number;
  peakBytes: number | null;
  /**
   * On a cold invocation: its container's init, ms; where nothing saw the init start, the most it can have lasted,
   * so that a price is never below the platform's. Null on a warm one, or where the init did not end.
   */
  initMs: number | null;
}

/**
 * The invocations of one container's phases, as pricing takes them: every invocation that ran to an end (a
 * response, an error, a timeout or a crash, all of which a platform bills), not one a stop cut short.
 */
export function measuredInvocations(phases: readonly PhaseFigures[]): MeasuredInvocation[] {
  const init = phases[0]?.name === 'init' && phases.length > 1 ? phases[0] : undefined;
  const initMs = init ? (init.durationAtMostMs ?? phaseDurationMs(init)) : null;
  return phases
    .filter((p) => p.name === 'invoke' && p.outcome !== 'interrupted')
    .map((p) => ({ cold: p.cold === true, durationMs: phaseDurationMs(p), peakBytes: p.peakBytes, initMs: p.cold ? initMs : null }));
}
