import { barHints } from '../../key-bindings.js';
import { listsLayout } from '../../present/home-layout.js';
import { messageRows } from '../../present/message-lines.js';
import type { ImageRow } from '../../present/image-rows.js';
import { shortPath } from '../../run-form.js';
import type { ScreenError } from '../../screen-error.js';
import { wrapWords } from '../../../core/text-width.js';
import { homeKeyInfo } from './keys.js';
import { fieldsOf, formOf, rowsOf, selectedRow, type HomePane, type HomeState } from './state.js';

export interface Size {
  width: number;
  height: number;
}

/** What home draws, worked out from its state and the room there is: the .tsx only lays it out. */
export function homeView(state: HomeState, size: Size) {
  const { width, height } = size;
  const { engine, samples } = state;
  const rows = rowsOf(state);
  const row = selectedRow(state);
  const sample = row?.sample;
  const form = formOf(state, row);
  const fields = fieldsOf(row);
  // Without an engine its error takes the message rows, where it has the whole width; the images pane says where to look.
  // What the last key did comes first, a deletion done included; the engine's and the build's errors stay otherwise.
  const standing = state.said
    ? undefined
    : ((samples.phase === 'failed' ? samples.error : undefined) ?? (engine.status === 'unreachable' ? engine.error : undefined));
  const shown: ScreenError | undefined = state.notice ?? standing;
  const listNote = engine.status === 'unreachable' || engine.status === 'connecting' ? 1 : 0;
  const messages = messageRows(shown, width, height - 1 - 8);
  const layout = listsLayout({ height, messageRows: messages, imageLines: Math.max(1, rows.length) + listNote });
  const leftWidth = Math.floor(width / 2);
  const focused = (pane: HomePane) => state.pane === pane;
  // The first argument is the input as the container sees it (/in/<file>); the list names files.
  const inUse = sample?.input === 'image' ? (form.args.split(/\s+/)[0] ?? '').split('/').at(-1) : undefined;
  const { own, shared } = homeKeyInfo(state, false);
  return {
    layout: { ...layout, leftWidth, rightWidth: width - leftWidth },
    asking: state.asking,
    outDir: state.outDir,
    images: {
      rows,
      selected: state.selected.images,
      filter: state.filter,
      filtering: state.filtering,
      sort: state.sort,
      building: samples.rows,
      unreachable: engine.status === 'unreachable',
      connecting: engine.status === 'connecting',
      checking:
        engine.status === 'connecting' || (engine.status === 'ready' && samples.statuses.length === 0 && samples.phase !== 'failed'),
      focused: focused('images'),
    },
    traces: {
      files: state.traces.files,
      loading: state.traces.loading,
      selected: Math.min(state.selected.traces, Math.max(0, state.traces.files.length - 1)),
      folder: state.outDir,
      focused: focused('traces'),
    },
    inputs: {
      files: state.inputs.files,
      selectedInput: state.selected.inputs,
      ...(inUse ? { inUse } : {}),
      takesImage: sample?.input === 'image',
      writing: state.inputs.phase === 'writing',
      listing: state.inputs.phase === 'listing',
      focus: state.pane === 'inputs' || state.pane === 'options' ? state.pane : ('other' as const),
      image: row?.ref ?? '–',
      form: {
        ...form,
        volumes: shortPaths(form.volumes, state.cwd),
        scratchFrom: shortPath(form.scratchFrom, state.cwd),
        ...(form.events === undefined ? {} : { events: shortPaths(form.events, state.cwd) }),
      },
      fields,
      selectedField: state.selected.options,
      ...(state.editing ? { editing: state.editing } : {}),
      preview: state.preview,
    },
    message: { error: shown, rows: messages, lines: messageLines(state, row, width) },
    bar: barHints([...own, ...shared]),
  };
}

const shortPaths = (paths: string, cwd: string) =>
  paths
    .split(' ')
    .map((path) => shortPath(path, cwd))
    .join(' ');

function messageLines(state: HomeState, row: ImageRow | undefined, width: number) {
  if (state.said) return wrapWords(state.said, width).map((text) => ({ text, tone: 'green' as const }));
  return wrapWords(row?.description ?? '', width).map((text) => ({ text, tone: 'dim' as const }));
}
