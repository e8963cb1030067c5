import { colorAllowed, fitPixels } from './half-blocks.js';

export type ImageProtocol = 'kitty' | 'iterm2' | 'half-blocks' | 'text';

const ESC = '\x1b';
const ST = `${ESC}\\`;
const BEL = '\x07';
/** The kitty protocol's largest chunk of base64; a multiple of 4, as every chunk but the last must be. */
export const KITTY_CHUNK = 4096;

/**
 * How to draw a picture in this terminal, from its environment alone (no query,
 * so nothing has to be read back from stdin while Ink owns it).
 * - `text` where colour is off: NO_COLOR, or TERM=dumb.
 * - Inside tmux or screen the escape sequences would need passthrough, so half blocks.
 * - `kitty` for kitty and Ghostty, `iterm2` for iTerm2 (also over ssh, via LC_TERMINAL) and WezTerm.
 */
export function detectImageProtocol(env: NodeJS.ProcessEnv): ImageProtocol {
  if (!colorAllowed(env)) return 'text';
  const term = env.TERM ?? '';
  const program = env.TERM_PROGRAM ?? '';
  if (env.TMUX || /^(screen|tmux)/.test(term)) return 'half-blocks';
  if (env.KITTY_WINDOW_ID || term === 'xterm-kitty' || term === 'xterm-ghostty' || program === 'ghostty') return 'kitty';
  if (program === 'iTerm.app' || env.LC_TERMINAL === 'iTerm2' || program === 'WezTerm') return 'iterm2';
  return 'half-blocks';
}

export interface InlineImageOptions {
  /** The text cells the picture is scaled into. */
  columns: number;
  rows: number;
}

/**
 * The cells a width × height px picture fills inside a box with its aspect kept,
 * a cell being about twice as tall as wide; kitty stretches to c × r exactly.
 */
export function fitCells(width: number, height: number, box: InlineImageOptions): InlineImageOptions {
  const px = fitPixels(width, height, box.columns, box.rows);
  return { columns: px.width, rows: Math.max(1, Math.ceil(px.height / 2)) };
}

/**
 * Kitty graphics protocol: transmit and display a PNG (a=T, f=100) scaled into
 * columns × rows cells, responses off (q=2) so no reply lands on stdin, and the
 * cursor left where it was (C=1). The base64 goes in chunks of at most 4096
 * bytes; the first carries the keys, the rest only m, and m=0 marks the last.
 */
export function kittyImage(png: Uint8Array, options: InlineImageOptions): string {
  const data = Buffer.from(png).toString('base64');
  const chunks: string[] = [];
  for (let at = 0; at < data.length || chunks.length === 0; at += KITTY_CHUNK) chunks.push(data.slice(at, at + KITTY_CHUNK));
  return chunks
    .map((chunk, i) => {
      const more = i < chunks.length - 1 ? 1 : 0;
      const keys = i === 0 ? `a=T,f=100,t=d,q=2,C=1,c=${options.columns},r=${options.rows},m=${more}` : `m=${more}`;
      return `${ESC}_G${keys};${chunk}${ST}`;
    })
    .join('');
}

/** Removes every kitty image on screen (a=d, d=A), before drawing the next preview. */
export function kittyDeleteAll(): string {
  return `${ESC}_Ga=d,d=A,q=2;${ST}`;
}

export interface Iterm2Options extends InlineImageOptions {
  /** The file name iTerm2 shows if the image is saved; sent in base64. */
  name?: string;
  /**
   * iTerm2 3.5's multipart form (MultipartFile, FilePart…, FileEnd) for terminals
   * and multiplexers that cap one escape sequence's length; 1 MiB parts by default.
   */
  multipart?: boolean;
  chunkSize?: number;
}

/** iTerm2 inline image (OSC 1337 File=inline=1), fitted into columns × rows cells with its aspect kept. */
export function iterm2Image(png: Uint8Array, options: Iterm2Options): string {
  const args = [
    ...(options.name ? [`name=${Buffer.from(options.name).toString('base64')}`] : []),
    `size=${png.byteLength}`,
    `width=${options.columns}`,
    `height=${options.rows}`,
    'preserveAspectRatio=1',
    'inline=1',
  ].join(';');
  const data = Buffer.from(png).toString('base64');
  if (!options.multipart) return `${ESC}]1337;File=${args}:${data}${BEL}`;
  const size = Math.max(4, Math.floor((options.chunkSize ?? 1 << 20) / 4) * 4);
  const parts: string[] = [];
  for (let at = 0; at < data.length; at += size) parts.push(`${ESC}]1337;FilePart=${data.slice(at, at + size)}${BEL}`);
  return `${ESC}]1337;MultipartFile=${args}${BEL}${parts.join('')}${ESC}]1337;FileEnd${BEL}`;
}
