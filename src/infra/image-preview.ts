import path from 'node:path';
import sharp from 'sharp';
import { UserError } from '../core/errors.js';
import { fitPixels, type RgbImage } from '../core/half-blocks.js';

/** An image resized to a box of terminal cells for its preview, with what the source file was. */
export interface ImageThumbnail {
  /** Resized to fit the cells given, two pixel rows a cell (see fitPixels). */
  image: RgbImage;
  /** The source file's own size and format, for the caption and the text fallback. */
  sourceWidth: number;
  sourceHeight: number;
  format: string;
}

export interface CellBox {
  columns: number;
  rows: number;
}

function cannotPreview(file: string, error: unknown): UserError {
  return new UserError(`cannot preview ${file} (${(error as Error).message})`, `Check that ${path.basename(file)} is a readable image`);
}

/**
 * Decodes an image and shrinks it to at most columns × (rows · 2) pixels, aspect kept,
 * as packed RGB for half-block drawing. JPEG shrink-on-load keeps a 5 MB photo fast.
 */
export async function loadImagePreview(file: string, cells: CellBox): Promise<ImageThumbnail> {
  try {
    const meta = await sharp(file).metadata();
    const sourceWidth = meta.autoOrient?.width ?? meta.width;
    const sourceHeight = meta.autoOrient?.height ?? meta.height;
    const fit = fitPixels(sourceWidth, sourceHeight, cells.columns, cells.rows);
    const { data, info } = await sharp(file)
      .rotate()
      .resize(fit.width, fit.height, { fit: 'fill' })
      .removeAlpha()
      .toColourspace('srgb')
      .raw()
      .toBuffer({ resolveWithObject: true });
    return {
      image: { width: info.width, height: info.height, data: new Uint8Array(data) },
      sourceWidth,
      sourceHeight,
      format: meta.format,
    };
  } catch (error) {
    throw cannotPreview(file, error);
  }
}

/**
 * A small PNG of the image for the kitty and iTerm2 protocols, at most `maxPixels`
 * on its longer side: the terminal scales it into the cells, and a small file
 * keeps the escape sequence short.
 */
export async function imagePreviewPng(file: string, maxPixels = 480): Promise<Buffer> {
  try {
    return await sharp(file).rotate().resize(maxPixels, maxPixels, { fit: 'inside', withoutEnlargement: true }).png().toBuffer();
  } catch (error) {
    throw cannotPreview(file, error);
  }
}
