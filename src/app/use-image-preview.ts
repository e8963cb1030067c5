import { useEffect, useRef, useState } from 'react';
import { describeImage, previewLines } from '../core/half-blocks.js';
import { fitCells, type ImageProtocol } from '../core/inline-image.js';
import type { AppServices, CellBox, SampleInputFile } from './services.js';
import { screenError, type ScreenError } from './trace-session.js';

export type PreviewState =
  | { kind: 'none' }
  | { kind: 'loading' }
  | { kind: 'text'; text: string }
  | { kind: 'blocks'; lines: string[] }
  /** Drawn by the terminal itself (kitty, iTerm2): the screen keeps these cells blank for it. */
  | { kind: 'inline'; png: Uint8Array; cells: CellBox }
  | { kind: 'failed'; error: ScreenError };

export type PreviewServices = Pick<AppServices, 'loadPreview' | 'previewPng'>;

/**
 * A picture of the highlighted sample image, fitted into `box`: half blocks,
 * the terminal's own protocol, or a line of text where there is no colour.
 * Decoding runs in sharp off the main thread; results are kept by file and
 * size, so moving back and forth does not decode again.
 */
export function useImagePreview(
  services: PreviewServices,
  file: SampleInputFile | undefined,
  box: CellBox,
  protocol: ImageProtocol,
): PreviewState {
  const [state, setState] = useState<PreviewState>({ kind: 'none' });
  const cache = useRef(new Map<string, PreviewState>());
  const { columns, rows } = box;
  useEffect(() => {
    if (!file || columns < 4 || rows < 2) return setState({ kind: 'none' });
    const info = {
      name: file.name,
      width: file.size?.width ?? 0,
      height: file.size?.height ?? 0,
      bytes: file.bytes,
      format: file.size ? 'jpeg' : undefined,
    };
    // Text needs no decoding: the list already knows the size.
    if (protocol === 'text')
      return setState({ kind: 'text', text: file.size ? describeImage(info) : `${file.name}: not an image functracer can read` });
    const key = `${file.path}|${columns}x${rows}|${protocol}`;
    const known = cache.current.get(key);
    if (known) return setState(known);
    let current = true;
    setState({ kind: 'loading' });
    const load = async (): Promise<PreviewState> => {
      if (protocol === 'half-blocks')
        return { kind: 'blocks', lines: previewLines((await services.loadPreview(file.path, { columns, rows })).image, true) };
      const png = await services.previewPng(file.path);
      return { kind: 'inline', png, cells: fitCells(info.width || columns, info.height || rows * 2, { columns, rows }) };
    };
    load().then(
      (loaded) => {
        cache.current.set(key, loaded);
        if (current) setState(loaded);
      },
      (error: unknown) => current && setState({ kind: 'failed', error: screenError(error) }),
    );
    return () => {
      current = false;
    };
  }, [services, file, columns, rows, protocol]);
  return state;
}
