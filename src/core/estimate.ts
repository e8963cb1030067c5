/** How long the runs still to go will take, from the first one: its wall time (start and removal included) times the runs left. */
export interface RunEstimate {
  /** The first run's wall time, from the work's start: the engine's checks and the container's start and removal included. */
  perRunMs: number;
  totalRuns: number;
  runsLeft: number;
  leftMs: number;
  /** Runs side by side (tune --parallel); absent for one at a time. */
  atOnce?: number;
}

/** From this long on, the CLI says how long the rest will take before going on. */
export const ESTIMATE_NOTE_MS = 60_000;
/** From this long on, the TUI asks before going on. */
export const CONFIRM_ABOVE_MS = 5 * 60_000;

/** With `atOnce` runs going side by side, the runs left go in rounds of that many. */
export function runEstimate(perRunMs: number, totalRuns: number, done: number, atOnce = 1): RunEstimate {
  const runsLeft = Math.max(0, totalRuns - done);
  const rounds = Math.ceil(runsLeft / Math.max(1, atOnce));
  return { perRunMs, totalRuns, runsLeft, leftMs: perRunMs * rounds, ...(atOnce > 1 ? { atOnce } : {}) };
}

/** "about 40 s", "about 1 min 20 s", "about 3 h 10 min": rounded the way a person says it. */
export function aboutTime(ms: number): string {
  const s = Math.max(1, Math.round(ms / 1000));
  if (s < 60) return `about ${s} s`;
  if (s < 3600) {
    const tens = Math.round(s / 10) * 10;
    const rest = tens % 60;
    return `about ${Math.floor(tens / 60)} min${rest > 0 ? ` ${rest} s` : ''}`;
  }
  const minutes = Math.round(s / 60);
  const rest = minutes % 60;
  return `about ${Math.floor(minutes / 60)} h${rest > 0 ? ` ${rest} min` : ''}`;
}

/** "29 more runs of about 31 s each: about 15 min (from the first run)"; ", 2 at once" before the colon side by side. */
export function estimateText(estimate: RunEstimate): string {
  const runs = `${estimate.runsLeft.toLocaleString('en-US')} more run${estimate.runsLeft === 1 ? '' : 's'}`;
  const atOnce = estimate.atOnce ? `, ${estimate.atOnce} at once` : '';
  return `${runs} of ${aboutTime(estimate.perRunMs)} each${atOnce}: ${aboutTime(estimate.leftMs)} (from the first run)`;
}
