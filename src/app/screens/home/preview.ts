import { describeImage, previewLines } from '../../../core/half-blocks.js';
import { fitCells, type ImageProtocol } from '../../../core/inline-image.js';
import { screenError, type ScreenError } from '../../screen-error.js';
import type { AppServices, CellBox, SampleInputFile } from '../../services.js';
import type { Store } from '../store.js';
import type { HomeAction } from './reduce.js';
import type { HomeState } from './state.js';

export type PreviewState =
  | { kind: 'none' }
  | { kind: 'loading' }
  | { kind: 'text'; text: string }
  | { kind: 'blocks'; lines: string[] }
  /** Drawn by the terminal itself (kitty, iTerm2): the screen keeps these cells blank for it. */
  | { kind: 'inline'; png: Uint8Array; cells: CellBox }
  | { kind: 'failed'; error: ScreenError };

/** The cells the view has for a preview (none while the inputs pane is not focused), and how the terminal draws it. */
export interface PreviewRoom {
  box: CellBox;
  protocol: ImageProtocol;
}

export const NO_ROOM: PreviewRoom = { box: { columns: 0, rows: 0 }, protocol: 'text' };

export type PreviewServices = Pick<AppServices, 'loadPreview' | 'previewPng'>;

/**
 * Keeps `state.preview` a picture of the highlighted input fitted into the view's room: half blocks, the terminal's
 * own protocol, or a line of text where there is no colour. Decoding runs in sharp off the main thread; results are
 * kept by file, size and protocol, so moving back and forth does not decode again, and an answer for an input the
 * user has moved on from is dropped. It follows for the store's life: it listens to the model's own store only.
 */
export function followPreview(services: PreviewServices, store: Store<HomeState, HomeAction>): void {
  const cache = new Map<string, PreviewState>();
  // What the preview shows or is loading, and its number: only the latest ask's answer is shown.
  let asked = '';
  let turn = 0;
  const follow = () => {
    const state = store.getState();
    const file = state.inputs.files[state.selected.inputs];
    const { box, protocol } = state.previewRoom;
    const fits = file !== undefined && box.columns >= 4 && box.rows >= 2;
    // The file's size is in the ask: a text description changes once the list knows it.
    const ask = fits ? [file.path, file.bytes, file.size?.width, file.size?.height, box.columns, box.rows, protocol].join('|') : '';
    if (ask === asked) return;
    asked = ask;
    const mine = ++turn;
    const show = (preview: PreviewState) => mine === turn && store.dispatch({ type: 'preview', preview });
    if (!fits) return show({ kind: 'none' });
    // Text needs no decoding: the list already knows the size.
    if (protocol === 'text') return show({ kind: 'text', text: describe(file) });
    const key = `${file.path}|${box.columns}x${box.rows}|${protocol}`;
    const known = cache.get(key);
    if (known) return show(known);
    show({ kind: 'loading' });
    load(services, file, state.previewRoom).then(
      (loaded) => {
        cache.set(key, loaded);
        show(loaded);
      },
      (error: unknown) => show({ kind: 'failed', error: screenError(error) }),
    );
  };
  store.subscribe(follow);
}

function describe(file: SampleInputFile): string {
  if (!file.size) return `${file.name}: not an image functracer can read`;
  return describeImage({ name: file.name, ...file.size, bytes: file.bytes, format: 'jpeg' });
}

async function load(services: PreviewServices, file: SampleInputFile, { box, protocol }: PreviewRoom): Promise<PreviewState> {
  if (protocol === 'half-blocks') return { kind: 'blocks', lines: previewLines((await services.loadPreview(file.path, box)).image, true) };
  const png = await services.previewPng(file.path);
  return { kind: 'inline', png, cells: fitCells(file.size?.width || box.columns, file.size?.height || box.rows * 2, box) };
}
