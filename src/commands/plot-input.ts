import fs from 'node:fs';
import path from 'node:path';
import type { CostReport } from '../core/cost/pricing.js';
import { priceRun } from '../core/cost/pricing.js';
import { findProvider } from '../core/cost/providers.js';
import { UserError } from '../core/errors.js';
import type { BillingCanvas, PlotTrace } from '../core/plot-spec.js';
import { readRawCsv } from '../core/raw-csv.js';
import type { PlotFiles } from '../infra/plot-render.js';
import { loadProviders } from '../infra/provider-files.js';

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

/** Vega and sharp take a fifth of a second to load, so only a command that draws pays for them. */
export async function loadPlotRenderer(): Promise<typeof import('../infra/plot-render.js')> {
  return import('../infra/plot-render.js');
}

/** A legend name for a trace file: its name without the "-rawresults.csv" every trace carries. */
export function traceName(file: string): string {
  return path.basename(file).replace(/(-rawresults)?\.csv$/i, '');
}

/** Reads raw traces in the original two-column or our three-column form; every complaint names the file. */
export function readPlotTraces(files: readonly string[]): PlotTrace[] {
  return files.map((file) => {
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a folder' : (code ?? String(error));
      throw new UserError(`cannot read trace ${file} (${why})`, 'Pass raw trace CSV files written by functracer run');
    }
    const { trace, durationMs } = readRawCsv(text, file);
    if (trace.length === 0)
      throw new UserError(`${file} holds no samples`, 'Pass traces with at least one sample between the start and finish rows');
    return { name: traceName(file), trace, durationMs };
  });
}

/**
 * The canvas over several runs: the largest allocation and billed time any of
 * them needed, beside the largest used memory and duration.
 */
export function canvasFromReports(provider: string, runs: readonly { report: CostReport; durationMs: number }[]): BillingCanvas {
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
export function canvasForTraces(providerId: string, traces: readonly PlotTrace[]): BillingCanvas {
  const provider = findProvider(
    loadProviders().map((p) => p.model),
    providerId,
  );
  const runs = traces.map(({ trace, durationMs }) => ({
    durationMs,
    report: priceRun(provider, {
      durationMs,
      peakBytes: trace.peakBytes,
      averageBytes: trace.timeWeightedMeanBytes(durationMs),
      requests: 1,
      freeTier: false,
    }),
  }));
  return canvasFromReports(provider.id, runs);
}
