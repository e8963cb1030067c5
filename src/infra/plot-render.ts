import sharp from 'sharp';
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import { fileProblem, UserError } from '../core/errors.js';
import { terminalSafe } from '../core/terminal-text.js';
import { replaceFiles } from './atomic-write.js';
import { writeHint, type FolderName } from './out-dir.js';

export interface PlotFiles {
  svg: string;
  png: string;
}

const PICTURE: FolderName = { label: 'the picture', change: 'Choose an output path in a folder you can write to' };

/** PNG pixels per SVG pixel: twice, so the picture stays sharp in a paper or on a HiDPI screen. */
export const PNG_SCALE = 2;

/**
 * Control characters XML does not allow, and C1 controls: a title or a trace's file name can hold them, and
 * one in the SVG makes it unreadable (the PNG renderer refuses it).
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const NOT_XML = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g;

/**
 * Renders a Vega-Lite spec to SVG with Vega's headless renderer: no browser, no canvas, no network. Control
 * characters in its text are drawn as the terminal shows them (ESC as ^[), so any title makes a picture.
 */
export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  const view = new vega.View(vega.parse(compile(spec).spec), { renderer: 'none' });
  try {
    return (await view.toSVG()).replace(NOT_XML, terminalSafe);
  } finally {
    view.finalize();
  }
}

export function svgToPng(svg: string): Promise<Buffer> {
  return sharp(Buffer.from(svg), { density: 72 * PNG_SCALE })
    .png()
    .toBuffer();
}

/**
 * Renders once and writes the SVG and the PNG, creating their folder. Both are
 * written aside in full, then renamed over the old ones (see replaceFiles): a
 * full disk keeps the old picture, and a link planted at either name is
 * replaced, not followed.
 */
export async function writeSpecPictures(spec: TopLevelSpec, files: PlotFiles): Promise<PlotFiles> {
  const svg = await renderSvg(spec);
  const png = await svgToPng(svg);
  try {
    await replaceFiles([
      { path: files.svg, data: svg },
      { path: files.png, data: png },
    ]);
  } catch (error) {
    throw new UserError(
      `cannot write the picture ${files.svg}: ${fileProblem(error)}; the files there, if any, are as they were`,
      writeHint(error, PICTURE),
    );
  }
  return files;
}
