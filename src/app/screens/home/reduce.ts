import type { Key } from 'ink';
import { SORT_KEYS } from '../../present/image-rows.js';
import { runFieldRule, withInput, type RunForm } from '../../run-form.js';
import type { ScreenError } from '../../screen-error.js';
import type { LocalImage, TraceFile } from '../../services.js';
import { editField, editText } from '../../text-edit.js';
import type { TraceDeletion } from '../../trace-deletion.js';
import type { EngineState } from '../../engine-state.js';
import type { SamplesState } from '../../engine-state.js';
import { scrolled, type Scroll } from '../key-table.js';
import type { PreviewRoom, PreviewState } from './preview.js';
import { fieldsOf, formOf, HOME_PANES, paneLength, rowsOf, selectedRow, type HomeState, type SampleInputs } from './state.js';

/** Everything that changes home: keys the screen handles itself, and what its actions learn from the machine. */
export type HomeAction =
  | { type: 'pane'; step: 1 | -1 }
  | Scroll
  | { type: 'sort' }
  | { type: 'filter' }
  | { type: 'clear-filter' }
  /** A key for the field that has focus: the filter, or the option being edited. */
  | { type: 'type'; input: string; key: Key }
  /** Enter on the options (edit the field) or the inputs (use the image); the other panes' Enter is an action's. */
  | { type: 'choose' }
  | { type: 'notice'; notice: ScreenError | undefined }
  | { type: 'forget' }
  | { type: 'asking'; plan: TraceDeletion | undefined }
  | { type: 'deleted'; said: string | undefined }
  | { type: 'engine'; engine: EngineState }
  | { type: 'samples'; samples: SamplesState }
  | { type: 'images'; images: LocalImage[] }
  /** What the engine said of an image: why it is a Lambda-style function, or null. */
  | { type: 'lambda-style'; ref: string; why: string | null }
  | { type: 'inputs'; inputs: SampleInputs }
  | { type: 'traces'; files: TraceFile[] | undefined }
  | { type: 'out-dir'; dir: string }
  | { type: 'page'; rows: number }
  | { type: 'preview-room'; room: PreviewRoom }
  | { type: 'preview'; preview: PreviewState };

/** Home's state after one action: pure, so a test can drive it key by key. */
export function reduceHome(state: HomeState, action: HomeAction): HomeState {
  switch (action.type) {
    case 'pane': {
      const at = HOME_PANES.indexOf(state.pane) + action.step + HOME_PANES.length;
      return { ...state, pane: HOME_PANES[at % HOME_PANES.length]! };
    }
    case 'scroll': {
      const index = scrolled(state.selected[state.pane], action, state.page, paneLength(state, state.pane));
      return select(state, state.pane, index);
    }
    case 'sort':
      return sorted(state);
    case 'filter':
      return { ...state, pane: 'images', filtering: true };
    case 'clear-filter':
      return select({ ...state, filter: '' }, 'images', 0);
    case 'type':
      return typed(state, action.input, action.key);
    case 'choose':
      return chosen(state);
    case 'notice':
      return { ...state, notice: action.notice };
    case 'forget':
      return state.notice || state.said ? { ...state, notice: undefined, said: undefined } : state;
    case 'asking':
      return { ...state, asking: action.plan };
    case 'deleted':
      return { ...state, said: action.said };
    case 'engine':
      return { ...state, engine: action.engine };
    case 'samples':
      return { ...state, samples: action.samples };
    case 'images':
      return { ...state, images: action.images };
    case 'lambda-style':
      return { ...state, lambdaImages: { ...state.lambdaImages, [action.ref]: action.why } };
    case 'inputs':
      return { ...state, inputs: action.inputs };
    case 'traces':
      return { ...state, traces: action.files ? { files: action.files, loading: false } : { files: [], loading: true } };
    case 'out-dir':
      // Another folder is read afresh: the old one's list is not its.
      return action.dir === state.outDir ? state : { ...state, outDir: action.dir, traces: { files: [], loading: true } };
    case 'page':
      return { ...state, page: action.rows };
    case 'preview-room': {
      const { box, protocol } = state.previewRoom;
      const same = box.columns === action.room.box.columns && box.rows === action.room.box.rows && protocol === action.room.protocol;
      return same ? state : { ...state, previewRoom: action.room };
    }
    case 'preview':
      return { ...state, preview: action.preview };
  }
}

function select(state: HomeState, pane: keyof HomeState['selected'], index: number): HomeState {
  return { ...state, selected: { ...state.selected, [pane]: index } };
}

/** The next order, keeping the image under the cursor selected. */
function sorted(state: HomeState): HomeState {
  const sort = SORT_KEYS[(SORT_KEYS.indexOf(state.sort) + 1) % SORT_KEYS.length]!;
  const row = selectedRow(state);
  const index = row ? rowsOf(state, sort).findIndex((r) => r.ref === row.ref) : -1;
  const next = { ...state, sort };
  return index >= 0 ? select(next, 'images', index) : next;
}

function typed(state: HomeState, input: string, key: Key): HomeState {
  if (!state.editing) {
    const edit = editText(state.filter, input, key);
    const filter = edit.done === 'cancel' ? '' : edit.value;
    return select({ ...state, filter, filtering: !edit.done }, 'images', 0);
  }
  const row = selectedRow(state);
  // The image being edited is gone (the list changed under the field): nothing to keep the value for.
  if (!row) return { ...state, editing: undefined };
  const { field } = state.editing;
  const edit = editField(state.editing.value, input, key, runFieldRule(field));
  const next: HomeState = { ...state, editing: edit.done ? undefined : { field, value: edit.value } };
  if (edit.refused) next.notice = edit.refused;
  if (edit.done !== 'commit') return next;
  return { ...next, forms: { ...state.forms, [row.ref]: { ...formOf(state, row), [field]: edit.value } satisfies RunForm } };
}

function chosen(state: HomeState): HomeState {
  const row = selectedRow(state);
  if (!row) return state;
  if (state.pane === 'options') {
    // Images differ in how many options they have: the cursor is drawn clamped, so it is read clamped too.
    const fields = fieldsOf(row);
    const field = fields[Math.min(state.selected.options, fields.length - 1)];
    return field ? { ...state, editing: { field, value: formOf(state, row)[field] ?? '' } } : state;
  }
  if (state.pane !== 'inputs') return state;
  if (state.inputs.phase === 'listing')
    return { ...state, notice: { message: 'still reading the input images in ref-data', hint: 'wait a moment', bug: false } };
  const file = state.inputs.files[state.selected.inputs];
  if (!file) return state;
  if (row.sample?.input !== 'image')
    return {
      ...state,
      notice: { message: `${row.ref} reads no input image`, hint: 'pick functracer/resize or functracer/monochrome', bug: false },
    };
  return { ...state, forms: { ...state.forms, [row.ref]: withInput(formOf(state, row), row.sample, file.name) } };
}
