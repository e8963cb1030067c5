import type { Key } from 'ink';
import type { ScreenError } from '../../screen-error.js';
import { editField } from '../../text-edit.js';
import type { TuneSnapshot } from '../../tune-session.js';
import type { ExportState } from '../../export-state.js';
import type { Scroll } from '../key-table.js';
import { nextProvider, TUNE_FIELDS, tuneFieldRule } from './form.js';
import { tuneLayout, type TuneRoom, type TuneState } from './state.js';

/** Everything that changes the Tune screen: keys it handles itself, and what the session and the export tell. */
export type TuneAction =
  | { type: 'cursor'; step: 1 | -1 }
  /** Enter on the form: the next provider, or an edit of the sizes or the runs. */
  | { type: 'change' }
  /** A key for the field being edited. */
  | { type: 'type'; input: string; key: Key }
  | { type: 'size'; step: 1 | -1 }
  | { type: 'focus' }
  | Scroll
  /** The tuning started: the report replaces the form's hints once it comes, and opens at its end, where the answer is. */
  | { type: 'started' }
  | { type: 'notice'; notice: ScreenError | undefined }
  | { type: 'forget' }
  | { type: 'exported'; exported: ExportState }
  | { type: 'snapshot'; snapshot: TuneSnapshot }
  | { type: 'room'; room: TuneRoom };

const clamp = (value: number, most: number) => Math.max(0, Math.min(most, value));

/** The Tune screen's state after one action: pure, so a test can drive it key by key. */
export function reduceTune(state: TuneState, action: TuneAction): TuneState {
  switch (action.type) {
    case 'cursor':
      return { ...state, cursor: clamp(state.cursor + action.step, TUNE_FIELDS.length - 1) };
    case 'change': {
      const field = TUNE_FIELDS[state.cursor]!;
      if (field === 'provider') return { ...state, form: nextProvider(state.form, state.providers, 1) };
      return { ...state, editing: { field, value: state.form[field] } };
    }
    case 'type':
      return typed(state, action.input, action.key);
    case 'size': {
      const sizes = state.snapshot.outcome?.sizes.length ?? 0;
      return { ...state, size: clamp(state.size + action.step, sizes - 1) };
    }
    case 'focus':
      return { ...state, focus: state.focus === 'form' ? 'report' : 'form' };
    case 'scroll':
      return { ...state, scroll: scrolled(state, action) };
    case 'started':
      return { ...state, focus: 'report', scroll: Number.MAX_SAFE_INTEGER, size: 0 };
    case 'notice':
      return { ...state, notice: action.notice };
    case 'forget': {
      // An export still going keeps its state: its outcome shows when it comes.
      const done = state.exported.phase === 'done' || state.exported.phase === 'failed';
      if (!state.notice && !done) return state;
      return { ...state, notice: undefined, exported: done ? { phase: 'idle' } : state.exported };
    }
    case 'exported':
      return { ...state, exported: action.exported };
    case 'snapshot':
      return { ...state, snapshot: action.snapshot };
    case 'room': {
      const { width, height, color } = action.room;
      const same = width === state.room.width && height === state.room.height && color === state.room.color;
      return same ? state : { ...state, room: action.room };
    }
  }
}

function typed(state: TuneState, input: string, key: Key): TuneState {
  const { editing, form } = state;
  if (!editing) return state;
  const edit = editField(editing.value, input, key, tuneFieldRule(editing.field, form, state.providers));
  const next: TuneState = {
    ...state,
    editing: edit.done ? undefined : { ...editing, value: edit.value },
    form: edit.done === 'commit' ? { ...form, [editing.field]: edit.value.trim() } : form,
  };
  if (edit.refused) next.notice = edit.refused;
  return next;
}

/** Where a scroll leaves the report's first line: a page is the body less a line, so a line stays in view. */
function scrolled(state: TuneState, scroll: Scroll): number {
  const { bodyRows, maxScroll, scroll: at } = tuneLayout(state);
  if ('to' in scroll) return scroll.to === 'start' ? 0 : maxScroll;
  const page = Math.max(1, bodyRows - 1);
  const rows = scroll.by === 'row' ? 1 : scroll.by === 'page' ? page : Math.max(1, Math.floor(page / 2));
  return clamp(at + scroll.sign * rows, maxScroll);
}
