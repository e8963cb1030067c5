import type { ImageProtocol } from '../../core/inline-image.js';

export interface InputsLayout {
  /** Rows of the input-image pane; the options pane gets the rest. */
  inputsHeight: number;
  /** Rows of the list of images. */
  listRows: number;
  /** Whether the pane shows a preview: only while it has the focus, when the user looks at images. */
  previewing: boolean;
  /** The cells a preview may fill: at most 38 × 12, an 80 × 24 screen's half. */
  previewBox: { columns: number; rows: number };
  /** Rows from the pane's top to the preview's. */
  previewTop: number;
}

/**
 * The right column of the home screen. With the inputs focused their preview
 * takes the room and the options shrink to a line; text previews need two rows only.
 */
export function inputsLayout(options: {
  panes: number;
  width: number;
  files: number;
  writing: boolean;
  focused: boolean;
  protocol: ImageProtocol;
}): InputsLayout {
  const writingRows = options.writing ? 1 : 0;
  const listRows = Math.min(options.files, 6);
  // Borders and title take three rows; a pane needs one more for a line of content.
  const listHeight = Math.max(4, Math.min(listRows + 3 + writingRows, Math.floor(options.panes / 2)));
  const previewing = options.focused && options.files > 0;
  const collapsed = options.panes - 4;
  const inputsHeight = !previewing ? listHeight : options.protocol === 'text' ? Math.min(collapsed, listHeight + 2) : collapsed;
  const rows = previewing ? Math.max(0, Math.min(12, inputsHeight - 3 - writingRows - listRows)) : 0;
  return {
    inputsHeight,
    listRows,
    previewing,
    previewBox: { columns: Math.min(38, options.width - 2), rows },
    previewTop: 2 + writingRows + listRows,
  };
}

/** Rows of the home screen's left column: the images over the recorded traces. */
export interface ListsLayout {
  /** Both columns' rows: the screen less its message rows and status bar. */
  panes: number;
  imagesHeight: number;
  tracesHeight: number;
}

/** A pane's borders and title; a pane needs one more row for a line of content. */
const PANE_FRAME = 3;
const SMALLEST_PANE = PANE_FRAME + 1;

/**
 * The images get the rows their list needs, up to two thirds of the column,
 * and the recorded traces the rest: the traces pane grows with the terminal.
 */
export function listsLayout(options: { height: number; messageRows: number; imageLines: number }): ListsLayout {
  const panes = Math.max(2 * SMALLEST_PANE, options.height - options.messageRows - 1);
  const tracesLeast = Math.max(SMALLEST_PANE, Math.floor(panes / 3));
  const imagesHeight = Math.max(SMALLEST_PANE, Math.min(options.imageLines + PANE_FRAME, panes - tracesLeast));
  return { panes, imagesHeight, tracesHeight: panes - imagesHeight };
}
