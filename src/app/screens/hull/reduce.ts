import type { Key } from 'ink';
import type { HullSnapshot } from '../../hull-session.js';
import type { ScreenError } from '../../screen-error.js';
import { editField } from '../../text-edit.js';
import type { SampleInputs } from '../home/state.js';
import { hullFieldRule, nextTest, toggleInput } from './form.js';
import { hullFormOf, hullItemsOf, hullViewOf, type HullSettings, type HullState, type HullView } from './state.js';

/** Everything that changes the hull screen: keys it handles itself, and what its actions learn. */
export type HullAction =
  | { type: 'move'; step: 1 | -1 }
  /** Enter on the stop under the cursor: tick an input, pick the next test image, or edit a number. */
  | { type: 'choose' }
  /** A key for the number being edited. */
  | { type: 'type'; input: string; key: Key }
  /** Tab: the training overlay ↔ the test run. */
  | { type: 'toggle-view' }
  | { type: 'show'; view: HullView }
  | { type: 'notice'; notice: ScreenError | undefined }
  | { type: 'forget' }
  | { type: 'saved'; task: HullState['saved'] }
  | { type: 'exported'; task: HullState['exported'] }
  | { type: 'inputs'; inputs: SampleInputs }
  | { type: 'session'; snapshot: HullSnapshot; busy: boolean }
  | { type: 'settings'; settings: HullSettings };

/** The hull screen's state after one action: pure, so a test can drive it key by key. */
export function reduceHull(state: HullState, action: HullAction): HullState {
  switch (action.type) {
    case 'move': {
      const last = hullItemsOf(state).length - 1;
      return { ...state, cursor: Math.max(0, Math.min(last, state.cursor + action.step)) };
    }
    case 'choose':
      return chosen(state);
    case 'type':
      return typed(state, action.input, action.key);
    case 'toggle-view':
      return { ...state, chosen: hullViewOf(state) === 'test' ? 'training' : 'test' };
    case 'show':
      return { ...state, chosen: action.view };
    case 'notice':
      return { ...state, notice: action.notice };
    case 'forget':
      return forgotten(state);
    case 'saved':
      return { ...state, saved: action.task };
    case 'exported':
      return { ...state, exported: action.task };
    case 'inputs':
      return { ...state, inputs: action.inputs };
    case 'session':
      return { ...state, snapshot: action.snapshot, busy: action.busy };
    case 'settings':
      return { ...state, settings: action.settings };
  }
}

/** Before each key: the last key's notice and a finished save or export go; one still going stays. */
function forgotten(state: HullState): HullState {
  const settled = (phase: string) => phase === 'done' || phase === 'failed';
  if (!state.notice && !settled(state.saved.phase) && !settled(state.exported.phase)) return state;
  return {
    ...state,
    notice: undefined,
    saved: settled(state.saved.phase) ? { phase: 'idle' } : state.saved,
    exported: settled(state.exported.phase) ? { phase: 'idle' } : state.exported,
  };
}

function chosen(state: HullState): HullState {
  const item = hullItemsOf(state)[state.cursor];
  const form = hullFormOf(state);
  if (item?.kind === 'input') return { ...state, form: toggleInput(form, item.name) };
  if (item?.kind === 'test') return { ...state, form: nextTest(form, state.inputs.files) };
  if (item) return { ...state, form, editing: { field: item.field, value: form[item.field] } };
  return state;
}

/** A key for the number being edited: refused as typed if the field cannot hold it, kept trimmed at Enter, dropped at Esc. */
function typed(state: HullState, input: string, key: Key): HullState {
  const { editing } = state;
  if (!editing) return state;
  const edit = editField(editing.value, input, key, hullFieldRule(editing.field));
  const form = hullFormOf(state);
  return {
    ...state,
    form: edit.done === 'commit' ? { ...form, [editing.field]: edit.value.trim() } : form,
    editing: edit.done ? undefined : { ...editing, value: edit.value },
    ...(edit.refused ? { notice: edit.refused } : {}),
  };
}
