import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Hull } from '../core/hull.js';
import type { PlotInput } from '../core/plot-spec.js';
import type { CellBox, ImagePreview } from '../infra/image-preview.js';
import type { PlotFiles } from '../infra/plot-render.js';

// Vega, vega-lite and sharp take a fifth of a second to load: only a key that draws pays for them.

/** `<outDir>/<stem>-plot.svg` and `.png`, the names `multi --plot` and `hull --plot` use. */
export async function exportPlot(input: PlotInput, outDir: string, stem: string): Promise<PlotFiles> {
  const [{ plotSpec }, { plotFilesIn, loadPlotRenderer }] = await Promise.all([
    import('../core/plot-spec.js'),
    import('../commands/plot-input.js'),
  ]);
  const { writePlot } = await loadPlotRenderer();
  return writePlot(plotSpec(input), plotFilesIn(outDir, stem));
}

/** As `functracer hull` writes them: uhull.json is what `run --uhull` replays, so it is floored at the engine's minimum. */
export async function saveHull(outDir: string, hull: Hull, uhull: Hull): Promise<{ hull: string; uhull: string }> {
  const [{ floorHull, hullToJson }, { ENGINE_MIN_LIMIT_BYTES }, { MIB }] = await Promise.all([
    import('../core/hull.js'),
    import('../tracer/autotuner.js'),
    import('../core/units.js'),
  ]);
  const dir = resolve(outDir);
  await mkdir(dir, { recursive: true });
  const files = { hull: join(dir, 'hull.json'), uhull: join(dir, 'uhull.json') };
  await writeFile(files.hull, `${JSON.stringify(hullToJson(hull))}\n`);
  await writeFile(files.uhull, `${JSON.stringify(hullToJson(floorHull(uhull, ENGINE_MIN_LIMIT_BYTES / MIB)))}\n`);
  return files;
}

export async function loadPreview(file: string, cells: CellBox): Promise<ImagePreview> {
  return (await import('../infra/image-preview.js')).loadImagePreview(file, cells);
}

export async function previewPng(file: string): Promise<Uint8Array> {
  return (await import('../infra/image-preview.js')).imagePreviewPng(file);
}
