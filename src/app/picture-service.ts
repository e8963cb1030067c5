import { resolve } from 'node:path';
import type { Hull } from '../core/hull.js';
import type { PlotInput } from '../core/plot-spec.js';
import type { CellBox, ImageThumbnail } from '../infra/image-preview.js';
import type { PlotFiles } from '../infra/plot-render.js';
import type { TuneOutcome } from '../ops/tune.js';
import { OUTPUT_FOLDER_SETTING } from './settings-folder.js';

// Vega, vega-lite and sharp take a fifth of a second to load: only a key that draws pays for them.

/** `<outDir>/<stem>-plot.svg` and `.png`, the names `multi --plot` and `hull --plot` use. */
export async function exportPlot(input: PlotInput, outDir: string, stem: string): Promise<PlotFiles> {
  const { plotFilesIn, writePlot } = await import('../ops/plot.js');
  return writePlot(input, plotFilesIn(outDir, stem));
}

export async function exportTunePlot(outcome: TuneOutcome, outDir: string): Promise<PlotFiles> {
  return (await import('../ops/plot.js')).writeTunePlot(outcome, outDir);
}

/** As `functracer hull` writes them: uhull.json is what `run --uhull` replays, so it is floored at the engine's minimum. */
export async function exportHull(outDir: string, hull: Hull, uhull: Hull): Promise<{ hull: string; uhull: string }> {
  const { saveHull } = await import('../ops/hull.js');
  return (await saveHull(resolve(outDir), hull, uhull, OUTPUT_FOLDER_SETTING)).files;
}

export async function loadPreview(file: string, cells: CellBox): Promise<ImageThumbnail> {
  return (await import('../infra/image-preview.js')).loadImagePreview(file, cells);
}

export async function previewPng(file: string): Promise<Uint8Array> {
  return (await import('../infra/image-preview.js')).imagePreviewPng(file);
}
