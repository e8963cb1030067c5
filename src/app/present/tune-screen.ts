import type { ProviderModel } from '../../core/cost/schema.js';
import { grouped } from '../../core/units.js';
import { wrapWords } from '../../core/text-width.js';
import { defaultSizes } from '../../core/cost/cpu.js';
import { aboutTime, estimateText } from '../../core/estimate.js';
import type { TuneOutcome } from '../../ops/tune.js';
import { formatTuneReport } from '../../report/tune-report.js';
import type { TuneSnapshot } from '../tune-session.js';
import { count, mb } from '../../report/figures.js';

/** `functracer tune`'s report, charts included, line by line: the screen shows the same figures. */
export function tuneReportLines(outcome: TuneOutcome, width: number, color: boolean): string[] {
  return formatTuneReport(outcome, width, { rows: 5, color }).split('\n');
}

/** "about 1 min 20 s left", rounded the way a person says it. */
export function timeLeft(ms: number): string {
  return `${aboutTime(ms)} left`;
}

/**
 * What the Tune screen shows before its report: what a tuning does, or the
 * tuning going (which run, how far, how long is left) and the runs that
 * arrived, the newest last.
 */
export function tuneProgressLines(snapshot: TuneSnapshot, width: number, rows: number, provider: ProviderModel | undefined): string[] {
  const progress = snapshot.progress;
  if (snapshot.phase !== 'running' || !progress) {
    const sizes = provider ? defaultSizes(provider).length : 0;
    return [
      ...wrapWords(
        `Runs the function at each size, Runs times, with the memory limit set to the size and the CPU the provider gives it (${provider?.id ?? 'the provider'} has ${sizes} sizes by default); then the cost and duration of each size, which ones run out of memory, and the best size for cost, for speed and balanced. ←→ and Enter change the form; t starts.`,
        width,
      ),
    ].slice(0, rows);
  }
  const left = progress.leftMs === undefined ? 'time left known after the first run' : timeLeft(progress.leftMs);
  const head = `${progress.done} of ${progress.total} runs · ${progress.mb} MB, run ${progress.index + 1} · ${count(progress.samples)} samples · ${left}`;
  const arrived = snapshot.arrived.map(
    (run) =>
      `  ${String(run.mb).padStart(5)} MB  run ${String(run.index + 1).padEnd(3)} ${run.failed ? 'killed or failed' : `${grouped(run.durationMs, 1).padStart(9)} ms`}   peak ${mb(run.peakBytes)}`,
  );
  // A long tuning asks before it goes on, above what it did so far.
  const ask = snapshot.confirm
    ? wrapWords(`Go on? ${estimateText(snapshot.confirm)}. y goes on; x stops here, keeping the first run.`, width)
    : [];
  const room = Math.max(0, rows - 1 - ask.length);
  return [...ask, head, ...arrived.slice(Math.max(0, arrived.length - room))].slice(0, rows);
}
