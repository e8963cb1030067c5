import { basename } from 'node:path';
import { canvasFromReports } from '../../commands/plot-input.js';
import { isPriced, type CostEntry } from '../../core/cost/compare.js';
import type { Hull } from '../../core/hull.js';
import type { BillingCanvas, PlotInput } from '../../core/plot-spec.js';
import type { RunResult } from '../../tracer/tracer.js';
import type { TrainedRun } from '../hull-session.js';
import type { SessionSnapshot } from '../trace-session.js';
import type { BillingFacts } from './billing.js';

// The pictures the export key saves: the same inputs `functracer plot`, `multi --plot` and `hull --plot` draw.

/** The file stem a trace's picture takes: its CSV's name without "-rawresults.csv". */
export function traceStem(rawCsv: string | undefined, fallback = 'functracer-trace'): string {
  return rawCsv ? basename(rawCsv).replace(/(-rawresults)?\.csv$/i, '') : fallback;
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
    traces: [{ name: traceStem(snapshot.rawCsv, snapshot.title), trace: snapshot.trace, durationMs }],
    ...(canvas ? { canvas } : {}),
  };
}

/** Every run overlaid on the canvas of the provider the table is priced on, as `multi --plot` draws it. */
export function multiPlotInput(title: string, results: readonly RunResult[], costs: readonly CostEntry[][], provider: string): PlotInput {
  const priced = results.flatMap((result, i) => {
    const report = costs[i]?.find((c) => c.provider === provider);
    return report && isPriced(report) ? [{ report, durationMs: result.durationMs }] : [];
  });
  const traces = results.map((result, i) => ({ name: `run ${i + 1}`, trace: result.trace, durationMs: result.durationMs }));
  return {
    title: `${results.length} runs of ${title}`,
    traces,
    ...(priced.length > 0 ? { canvas: canvasFromReports(provider, priced) } : {}),
  };
}

/** The training traces with the hull and upscaling hull, as `hull --plot` draws them. */
export function hullPlotInput(done: readonly TrainedRun[], hull: Hull, uhull: Hull): PlotInput {
  const traces = done.map(({ input, result }, i) => ({
    name: `run ${i + 1}: ${basename(input)}`,
    trace: result.trace,
    durationMs: result.durationMs,
  }));
  return { title: `Hull over ${traces.length} trace(s), step ${hull.stepMs / 1000} s`, traces, hull, uhull };
}

/** `<name>-results.dat` → `<name>`, so the picture sits beside the table with the same name. */
export function multiStem(dat: string | undefined): string {
  return dat ? basename(dat).replace(/-results\.dat$/, '') : 'functracer-multi';
}
