import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import { fileProblem, UserError } from '../core/errors.js';
import { makeFolders } from './out-dir.js';

export interface PlotFiles {
  svg: string;
  png: string;
}

/** PNG pixels per SVG pixel: twice, so the picture stays sharp in a paper or on a HiDPI screen. */
export const PNG_SCALE = 2;

/** Renders a Vega-Lite spec to SVG with Vega's headless renderer: no browser, no canvas, no network. */
export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  const view = new vega.View(vega.parse(compile(spec).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

export function svgToPng(svg: string): Promise<Buffer> {
  return sharp(Buffer.from(svg), { density: 72 * PNG_SCALE })
    .png()
    .toBuffer();
}

/** Renders once and writes the SVG and the PNG, creating their folder. */
export async function writePlot(spec: TopLevelSpec, files: PlotFiles): Promise<PlotFiles> {
  const svg = await renderSvg(spec);
  const png = await svgToPng(svg);
  for (const [file, data] of [
    [files.svg, svg],
    [files.png, png],
  ] as const) {
    try {
      makeFolders(path.dirname(path.resolve(file)));
      await writeFile(file, data);
    } catch (error) {
      throw new UserError(`cannot write the picture ${file}: ${fileProblem(error)}`, 'Choose an output path in a folder you can write to');
    }
  }
  return files;
}
