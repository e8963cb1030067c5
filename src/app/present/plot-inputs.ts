import { NO_LIMIT_BYTES } from '../../infra/no-limit.js';
import type { Hull } from '../../core/hull.js';
import type { BillingCanvas, PlotInput } from '../../core/plot-spec.js';
import { hullPlotInput } from '../../ops/plot.js';
import { traceStem } from '../../ops/trace-file.js';
import type { TrainedRun } from '../hull-session.js';
import type { SessionSnapshot } from '../trace-session.js';
import type { BillingFacts } from './billing.js';

// The pictures the export key saves: the same inputs `functracer plot`, `multi --plot` and `hull --plot` draw.
export { multiPlotInput, multiStem } from '../../ops/plot.js';

/** The file stem a trace's picture takes, and its name in the legend: its CSV's name without "-rawresults.csv", or `fallback` when it has no CSV. */
export function pictureStem(rawCsv: string | undefined, fallback = 'functracer-trace'): string {
  return rawCsv ? traceStem(rawCsv) : fallback;
}

/** One trace on the billing canvas the screen draws under it. */
export function tracePlotInput(snapshot: SessionSnapshot, durationMs: number, billing?: BillingFacts): PlotInput {
  const canvas: BillingCanvas | undefined = billing && {
    provider: billing.provider,
    allocatedMb: billing.allocatedMb,
    billedDurationMs: billing.billedMs,
    usedMb: billing.usedMb,
    durationMs: billing.durationMs,
  };
  return {
    title: snapshot.title,
    traces: [{ name: pictureStem(snapshot.rawCsv, snapshot.title), trace: snapshot.trace, durationMs }],
    noLimitBytes: NO_LIMIT_BYTES,
    ...(canvas ? { canvas } : {}),
  };
}

/** The training runs with the hull and upscaling hull, as `hull --plot` draws them. */
export function trainedHullPlotInput(done: readonly TrainedRun[], hull: Hull, uhull: Hull): PlotInput {
  return hullPlotInput(
    done.map(({ input, result }) => ({ input, trace: result.trace, durationMs: result.durationMs })),
    hull,
    uhull,
  );
}
