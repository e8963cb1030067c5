/** Packed RGB pixels, row by row, 3 bytes a pixel. */
export interface RgbImage {
  width: number;
  height: number;
  data: Uint8Array;
}

const UPPER_HALF = '▀';
const RESET = '\x1b[0m';
// Dark to light; a cell's two pixel rows are averaged into one character.
const RAMP = ' .:-=+*#%@';

/** Colour is off under NO_COLOR (any non-empty value, as no-color.org says) and in a dumb terminal. */
export function colorAllowed(env: NodeJS.ProcessEnv): boolean {
  return !env.NO_COLOR && env.TERM !== 'dumb';
}

/**
 * The largest pixel grid that fits `columns` × `rows` text cells at the image's
 * aspect ratio. A cell is about twice as tall as wide and holds two pixel rows,
 * so one pixel is near square.
 */
export function fitPixels(width: number, height: number, columns: number, rows: number): { width: number; height: number } {
  const scale = Math.min(columns / width, (rows * 2) / height);
  return { width: Math.max(1, Math.floor(width * scale)), height: Math.max(1, Math.floor(height * scale)) };
}

function pixel(image: RgbImage, x: number, y: number): [number, number, number] {
  const at = (y * image.width + x) * 3;
  return [image.data[at] ?? 0, image.data[at + 1] ?? 0, image.data[at + 2] ?? 0];
}

/**
 * One text row per two pixel rows: '▀' with the upper pixel as the 24-bit
 * foreground and the lower as the background. Codes are emitted only where the
 * colour changes, and each line ends reset so nothing bleeds into the next pane.
 * An odd last row leaves the terminal's own background under it.
 */
export function halfBlockLines(image: RgbImage): string[] {
  const lines: string[] = [];
  for (let y = 0; y < image.height; y += 2) {
    let line = '';
    let fg = '';
    let bg = '';
    for (let x = 0; x < image.width; x++) {
      const nextFg = `\x1b[38;2;${pixel(image, x, y).join(';')}m`;
      const nextBg = y + 1 < image.height ? `\x1b[48;2;${pixel(image, x, y + 1).join(';')}m` : '\x1b[49m';
      if (nextFg !== fg) line += nextFg;
      if (nextBg !== bg) line += nextBg;
      fg = nextFg;
      bg = nextBg;
      line += UPPER_HALF;
    }
    lines.push(line + RESET);
  }
  return lines;
}

/** The colourless fallback: each cell's brightness as an ASCII character, same grid as the half blocks. */
export function asciiRampLines(image: RgbImage): string[] {
  const lines: string[] = [];
  for (let y = 0; y < image.height; y += 2) {
    let line = '';
    for (let x = 0; x < image.width; x++) {
      const rows = y + 1 < image.height ? [y, y + 1] : [y];
      const luma =
        rows.reduce((sum, r) => {
          const [red, green, blue] = pixel(image, x, r);
          return sum + 0.2126 * red + 0.7152 * green + 0.0722 * blue;
        }, 0) / rows.length;
      line += RAMP[Math.min(RAMP.length - 1, Math.floor((luma / 256) * RAMP.length))];
    }
    lines.push(line);
  }
  return lines;
}

export interface PreviewText {
  name: string;
  /** The source image's size in pixels. */
  width: number;
  height: number;
  /** As sharp names it: jpeg, png, … */
  format?: string;
  bytes?: number;
}

/** A one-line description for where no picture can be drawn at all. */
export function describeImage(info: PreviewText): string {
  const size = info.bytes === undefined ? '' : `, ${(info.bytes / 2 ** 20).toFixed(1)} MiB`;
  return `${info.name}: ${info.width}×${info.height} px${info.format ? ` ${info.format.toUpperCase()}` : ''}${size}`;
}

/** Half blocks when colour is allowed, otherwise the luminance ramp; either way the same number of lines. */
export function previewLines(image: RgbImage, color: boolean): string[] {
  return color ? halfBlockLines(image) : asciiRampLines(image);
}
