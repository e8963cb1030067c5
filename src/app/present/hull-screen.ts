import { NO_LIMIT_BYTES } from '../../infra/no-limit.js';
import { basename } from 'node:path';
import type { Hull } from '../../core/hull.js';
import type { PlotInput, PlotTrace } from '../../core/plot-spec.js';
import type { AutotuneTest, HullSnapshot } from '../hull-session.js';
import type { Settings } from '../settings.js';
import { autotuneLines } from './autotune.js';
import { firstThatFits, titleWithState } from '../../report/fit.js';
import { count, mb, seconds } from '../../report/figures.js';
import type { ScreenError } from '../screen-error.js';

/** The finished training runs and the one going now, as chart series. */
export function trainingTraces(snapshot: HullSnapshot): PlotTrace[] {
  const done = snapshot.done.map(({ input, result }, i) => ({
    name: `run ${i + 1}: ${basename(input)}`,
    trace: result.trace,
    durationMs: result.durationMs,
  }));
  const current = snapshot.current;
  if (!current || current.trace.length === 0) return done;
  return [...done, { name: `run ${current.index + 1} (running)`, trace: current.trace, durationMs: current.trace.lastTime ?? 0 }];
}

/** The hull in one line; the step count and size give way before the peaks, which are what a user sizes by. */
function hullSummary(hull: Hull, uhull: Hull, runs: number, width: number): string {
  const peak = (h: Hull) => Math.max(0, ...h.mb).toFixed(1);
  const end = ((hull.buckets.at(-1) ?? 0) * hull.stepMs) / 1000;
  const over = `hull over ${runs} run${runs === 1 ? '' : 's'}`;
  const peaks = `peak ${peak(hull)} MiB · upscaling ${peak(uhull)} MiB`;
  const forms = [
    `${over}: ${hull.buckets.length} steps of ${hull.stepMs / 1000} s to ${end.toFixed(1)} s · ${peaks}`,
    `${over} to ${end.toFixed(1)} s · ${peaks}`,
    `${over} · ${peaks}`,
  ];
  return firstThatFits(forms, width);
}

/** What went wrong in the view shown: training, or the autotuned test run. */
export function hullError(snapshot: HullSnapshot, view: 'training' | 'test'): ScreenError | undefined {
  return view === 'test' && snapshot.test ? snapshot.test.snapshot.error : snapshot.error;
}

/** The two lines under the chart: the hull so far, or how the autotuned run went and what it saved (errors: see hullError). */
export function hullLines(
  snapshot: HullSnapshot,
  view: 'training' | 'test',
  settings: Pick<Settings, 'provider' | 'requestsPerMonth' | 'freeTier'>,
  planned = false,
  width = 80,
): string[] {
  const test = snapshot.test;
  if (view === 'test' && test) {
    const s = test.snapshot;
    if (s.result) return autotuneLines(s.result, test.schedule, settings, width);
    const last = s.trace.length - 1;
    const now = last >= 0 ? `usage ${mb(s.trace.bytesAt(last))} under a limit of ${mb(s.trace.limitAt(last))}` : 'starting';
    return [`${now} · ${seconds(s.trace.lastTime ?? 0)} · ${count(s.samples)} samples`];
  }
  if (snapshot.hull && snapshot.uhull) return [hullSummary(snapshot.hull, snapshot.uhull, snapshot.done.length, width)];
  if (snapshot.phase === 'training') return ['the hull appears when the first run ends'];
  // One line at 80 columns: what a run is, and what the hull will be.
  const run = planned ? 'each run runs the traced image as it ran' : 'each run resizes a ticked image at random';
  return [`${run}; the hull is the top MiB at each step`];
}

export function hullTitle(snapshot: HullSnapshot, view: 'training' | 'test', width: number, planTitle?: string): string {
  const test = snapshot.test;
  if (view === 'test' && test)
    return titleWithState(`Autotuned test · ${planTitle ?? `resize ${basename(test.input)} 50%`}`, test.snapshot.status, width);
  return titleWithState(`Hull training · ${planTitle ?? 'functracer/resize 50%'}`, snapshot.status, width);
}

/** `autotune-sample-5mb`: the test run's picture, named after its input. */
export function testStem(test: AutotuneTest): string {
  // A traced plan's title has its arguments, spaces and colons: the file name keeps their words.
  const name = basename(test.input.split(' ')[0]!).replace(/\.jpe?g$/i, '');
  const args = test.input
    .split(' ')
    .slice(1)
    .join('-')
    .replace(/[^\w.-]+/g, '-');
  return `autotune-${name}${args ? `-${args}` : ''}`.slice(0, 80);
}

/** The picture of the test run: its trace under the upscaling hull that set its limit. */
export function testPlotInput(test: AutotuneTest, uhull: Hull | undefined): PlotInput {
  const s = test.snapshot;
  const trace = { name: `autotuned: ${basename(test.input)}`, trace: s.trace, durationMs: s.result?.durationMs ?? s.trace.lastTime ?? 0 };
  return { title: `Autotuned run on ${basename(test.input)}`, traces: [trace], noLimitBytes: NO_LIMIT_BYTES, ...(uhull ? { uhull } : {}) };
}
