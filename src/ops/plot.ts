import { NO_LIMIT_BYTES } from '../infra/no-limit.js';
import path from 'node:path';
import { isPriced, type CostEntry } from '../core/cost/compare.js';
import type { CostReport } from '../core/cost/price-run.js';
import { findProvider } from '../core/cost/providers.js';
import { UserError } from '../core/errors.js';
import type { Hull } from '../core/hull.js';
import { plotSpec, type BillingCanvas, type PlotInput, type PlotTrace } from '../core/plot-spec.js';
import type { PlotFiles } from '../infra/plot-render.js';
import { tuneSpec } from '../core/tune-plot-spec.js';
import { newRunId, type RunResult } from '../tracer/tracer.js';
import type { TuneOutcome } from './tune.js';
import { priceResult, type PricedRun } from './price-result.js';
import { requireProviderSet } from './providers.js';
import { pricedRunOf, readRecordedRun, traceNotes, traceStem } from './trace-file.js';

export type { PlotFiles };

/**
 * Both paths for `--out`: the one named, and the other format beside it, so a
 * user who asks for a PNG for slides still gets the SVG for a paper.
 */
export function plotFilesFor(out: string): PlotFiles {
  const ext = path.extname(out).toLowerCase();
  if (ext !== '.svg' && ext !== '.png') {
    throw new UserError(
      `--out got ${JSON.stringify(out)}, which does not end in .svg or .png`,
      'Name the picture plot.svg or plot.png; the other format is written beside it',
    );
  }
  const stem = out.slice(0, out.length - ext.length);
  return { svg: `${stem}.svg`, png: `${stem}.png` };
}

/** `<dir>/<stem>-plot.svg` and `.png`, beside the files multi and hull already write. */
export function plotFilesIn(dir: string, stem: string): PlotFiles {
  return { svg: path.join(dir, `${stem}-plot.svg`), png: path.join(dir, `${stem}-plot.png`) };
}

/** `<name>-results.dat` → `<name>`, so the picture sits beside the table with the same name. */
export function multiStem(dat: string | undefined): string {
  return dat ? path.basename(dat).replace(/-results\.dat$/, '') : 'functracer-multi';
}

/** Renders the picture as SVG and PNG. Vega and sharp take a fifth of a second to load, so only work that draws pays for them. */
export async function writePlot(input: PlotInput, files: PlotFiles): Promise<PlotFiles> {
  const { writeSpecPictures } = await import('../infra/plot-render.js');
  return writeSpecPictures(plotSpec(input), files);
}

/**
 * Duration and cost against size for a tuning's sizes that fitted, as
 * `<outDir>/functracer-tune-<stamp>-plot.svg` and `.png`: `tune --plot` and the
 * Tune screen's export key write the same picture under the same kind of name.
 */
export async function writeTunePlot(outcome: TuneOutcome, outDir: string): Promise<PlotFiles> {
  const points = outcome.sizes
    .filter((s) => s.fits && s.durationMs && s.costPerMillion !== undefined)
    .map((s) => ({ mb: s.mb, durationMs: s.durationMs!.trimmedMean, costPerMillion: s.costPerMillion! }));
  if (points.length === 0) throw new UserError('no size fitted, so there is nothing to plot', 'Give larger --sizes');
  const { writeSpecPictures } = await import('../infra/plot-render.js');
  const files = plotFilesIn(outDir, `functracer-tune-${newRunId()}`);
  return writeSpecPictures(tuneSpec({ title: `${outcome.title} on ${outcome.provider}`, points }), files);
}

/** A trace file as a chart series, named after its file, with what its canvas is priced on and what reading it assumed. */
export type FilePlotTrace = PlotTrace & { priced: PricedRun; notes: string[] };

/** Raw trace files as chart series, named after their files. */
export async function readPlotTraces(files: readonly string[]): Promise<FilePlotTrace[]> {
  const traces: FilePlotTrace[] = [];
  for (const file of files) {
    const run = await readRecordedRun(file);
    traces.push({
      name: traceStem(file),
      trace: run.trace,
      durationMs: run.durationMs,
      priced: pricedRunOf(run),
      notes: traceNotes(file, run),
    });
  }
  return traces;
}

/**
 * The canvas over several runs: the largest allocation and billed time any of
 * them needed, beside the largest used memory and duration.
 */
function canvasFromReports(provider: string, runs: readonly { report: CostReport; durationMs: number }[]): BillingCanvas {
  const most = (pick: (r: { report: CostReport; durationMs: number }) => number) => Math.max(0, ...runs.map(pick));
  return {
    provider,
    allocatedMb: most((r) => r.report.allocatedMb),
    billedDurationMs: most((r) => r.report.billedDurationMs),
    usedMb: most((r) => r.report.usedMb),
    durationMs: most((r) => r.durationMs),
  };
}

/** Prices each trace on one provider (built-in or the user's file) for its canvas. */
export function canvasForTraces(providerId: string, traces: readonly FilePlotTrace[]): BillingCanvas {
  const providers = requireProviderSet();
  const provider = findProvider(providers.models, providerId);
  const runs = traces.flatMap(({ priced, durationMs }) => {
    const [entry] = priceResult(priced, { requests: 1, freeTier: false }, { known: providers.known, models: [provider] });
    if (!entry || !isPriced(entry))
      throw new UserError(
        `${provider.id} cannot draw this canvas: ${entry && 'error' in entry ? entry.error : 'no price'}`,
        'Choose another --canvas provider',
      );
    return [{ report: entry, durationMs }];
  });
  return canvasFromReports(provider.id, runs);
}

/** Every run overlaid on the canvas of the provider its table is priced on, as `multi --plot` and the multi-run screen draw it. */
export function multiPlotInput(
  title: string,
  results: readonly RunResult[],
  costs: readonly (readonly CostEntry[])[],
  provider: string,
): PlotInput {
  const priced = results.flatMap((result, i) => {
    const report = costs[i]?.find((c) => c.provider === provider);
    return report && isPriced(report) ? [{ report, durationMs: result.durationMs }] : [];
  });
  const traces = results.map((result, i) => ({ name: `run ${i + 1}`, trace: result.trace, durationMs: result.durationMs }));
  return {
    title: `${results.length} runs of ${title}`,
    traces,
    noLimitBytes: NO_LIMIT_BYTES,
    ...(priced.length > 0 ? { canvas: canvasFromReports(provider, priced) } : {}),
  };
}

/** The training traces with the hull and the upscaling hull as written, as `hull --plot` and the hull screen draw them. */
export function hullPlotInput(
  traces: readonly (Omit<PlotTrace, 'name'> & { name?: string; input?: string })[],
  hull: Hull,
  uhull: Hull,
): PlotInput {
  const nameOf = (t: (typeof traces)[number], i: number) =>
    t.name ?? (t.input ? `run ${i + 1}: ${path.basename(t.input)}` : `run ${i + 1}`);
  const named = traces.map((t, i) => ({ name: nameOf(t, i), trace: t.trace, durationMs: t.durationMs }));
  return {
    title: `Hull over ${named.length} trace(s), step ${hull.stepMs / 1000} s`,
    traces: named,
    noLimitBytes: NO_LIMIT_BYTES,
    hull,
    uhull,
  };
}
