import { useStdout } from 'ink';
import { useEffect } from 'react';
import { iterm2Image, kittyDeleteAll, kittyImage, type ImageProtocol } from '../core/inline-image.js';
import type { CellBox } from './services.js';

export interface InlinePlacement {
  protocol: ImageProtocol;
  png: Uint8Array;
  cells: CellBox;
  /** The top-left cell, 0-based, on the terminal's screen. */
  row: number;
  column: number;
}

/** Long enough for Ink to have written the frame this render made (its cap is 60 frames a second). */
const AFTER_FRAME_MS = 40;

/**
 * Draws a picture with the terminal's own protocol (kitty or iTerm2) into cells
 * the screen left blank. Components may not write to the terminal, so this
 * hook does, on the stdout Ink renders to: the cursor is saved, moved to the
 * cells, and restored, so Ink's idea of where it is stays true.
 *
 * Ink rewrites its lines on every frame, which wipes an iTerm2 picture (kitty
 * keeps its own layer), so the picture is drawn again after each render.
 * Kitty's pictures are removed first and when the preview goes, so none is
 * left over another screen.
 */
export function useInlineImage(placement: InlinePlacement | undefined): void {
  const { stdout } = useStdout();
  const kitty = placement?.protocol === 'kitty' ? placement : undefined;
  const iterm2 = placement?.protocol === 'iterm2' ? placement : undefined;
  const at = (p: InlinePlacement, picture: string) => `\x1b7\x1b[${p.row + 1};${p.column + 1}H${picture}\x1b8`;
  useEffect(() => {
    if (!kitty) return undefined;
    const timer = setTimeout(() => stdout.write(at(kitty, `${kittyDeleteAll()}${kittyImage(kitty.png, kitty.cells)}`)), AFTER_FRAME_MS);
    return () => {
      clearTimeout(timer);
      stdout.write(kittyDeleteAll());
    };
  }, [stdout, kitty?.png, kitty?.row, kitty?.column, kitty?.cells.columns, kitty?.cells.rows]);
  // No dependency list: every render may have been followed by a frame that wrote over the picture.
  useEffect(() => {
    if (!iterm2) return undefined;
    const timer = setTimeout(
      () => stdout.write(at(iterm2, iterm2Image(iterm2.png, { ...iterm2.cells, name: 'preview.png' }))),
      AFTER_FRAME_MS,
    );
    return () => clearTimeout(timer);
  });
}
