import path from 'node:path';
import { isPriced, type CostEntry } from '../core/cost/compare.js';
import type { Hull } from '../core/hull.js';
import { plotSpec } from '../core/plot-spec.js';
import type { RunResult } from '../tracer/tracer.js';
import type { PlotFiles } from '../infra/plot-render.js';
import { canvasFromReports, loadPlotRenderer, readPlotTraces } from './plot-input.js';

export { plotFilesIn } from './plot-input.js';

/** multi --plot: every finished run overlaid, on the canvas of the provider its .dat is priced on. */
export async function writeMultiPlot(
  runs: readonly { result: RunResult; cost: CostEntry[] }[],
  provider: string,
  files: PlotFiles,
): Promise<PlotFiles> {
  const priced = runs.flatMap(({ result, cost }) => {
    const report = cost.find((c) => c.provider === provider);
    return report && isPriced(report) ? [{ report, durationMs: result.durationMs }] : [];
  });
  const traces = runs.map(({ result }, i) => ({ name: `run ${i + 1}`, trace: result.trace, durationMs: result.durationMs }));
  const image = runs[0]?.result.image ?? 'image';
  const { writePlot } = await loadPlotRenderer();
  return writePlot(
    plotSpec({
      title: `${runs.length} runs of ${image}`,
      traces,
      ...(priced.length > 0 ? { canvas: canvasFromReports(provider, priced) } : {}),
    }),
    files,
  );
}

/** hull --plot: the training traces (read back from their CSVs), the hull and the upscaling hull as written. */
export async function writeHullPlot(
  traceFiles: readonly { rawCsv: string | null; input?: string }[],
  hull: Hull,
  uhull: Hull,
  files: PlotFiles,
): Promise<PlotFiles> {
  const kept = traceFiles.filter((t): t is { rawCsv: string; input?: string } => t.rawCsv !== null);
  const traces = readPlotTraces(kept.map((t) => t.rawCsv)).map((t, i) => {
    const input = kept[i]!.input;
    return input ? { ...t, name: `run ${i + 1}: ${path.basename(input)}` } : t;
  });
  const { writePlot } = await loadPlotRenderer();
  return writePlot(plotSpec({ title: `Hull over ${traces.length} trace(s), step ${hull.stepMs / 1000} s`, traces, hull, uhull }), files);
}
