import { useState } from 'react';
import { moveSelection } from './present/list-window.js';
import { SORT_KEYS, type SortKey } from './present/image-rows.js';
import type { RunForm } from './run-form.js';
import { editText } from './text-edit.js';
import type { Key } from 'ink';

export type HomePane = 'images' | 'inputs' | 'options' | 'traces';
const HOME_PANES: HomePane[] = ['images', 'inputs', 'options', 'traces'];

export interface HomeState {
  pane: HomePane;
  selected: Record<HomePane, number>;
  filter: string;
  filtering: boolean;
  sort: SortKey;
  /** Forms the user changed, by image; the others show their defaults. */
  forms: Record<string, RunForm>;
  editing?: { field: keyof RunForm; value: string };
}

const INITIAL: HomeState = {
  pane: 'images',
  selected: { images: 0, inputs: 0, options: 0, traces: 0 },
  filter: '',
  filtering: false,
  sort: 'name',
  forms: {},
};

/** The home screen's own state (focus, selections, filter, edited forms) with the moves it allows. */
export function useHomeState() {
  const [state, setState] = useState<HomeState>(INITIAL);
  const patch = (change: Partial<HomeState>) => setState((s) => ({ ...s, ...change }));
  return {
    state,
    patch,
    nextPane: (step = 1) =>
      setState((s) => ({ ...s, pane: HOME_PANES[(HOME_PANES.indexOf(s.pane) + step + HOME_PANES.length) % HOME_PANES.length]! })),
    move: (delta: number, total: number) =>
      setState((s) => ({ ...s, selected: { ...s.selected, [s.pane]: moveSelection(s.selected[s.pane], delta, total) } })),
    select: (pane: HomePane, index: number) => setState((s) => ({ ...s, selected: { ...s.selected, [pane]: index } })),
    nextSort: () => setState((s) => ({ ...s, sort: SORT_KEYS[(SORT_KEYS.indexOf(s.sort) + 1) % SORT_KEYS.length]! })),
    setForm: (image: string, form: RunForm) => setState((s) => ({ ...s, forms: { ...s.forms, [image]: form } })),
    // Each key is applied to the filter as it stands, not as the last render saw it, so no key of a burst is lost.
    editFilter: (input: string, key: Key) =>
      setState((s) => {
        const edit = editText(s.filter, input, key);
        return { ...s, filter: edit.done === 'cancel' ? '' : edit.value, filtering: !edit.done, selected: { ...s.selected, images: 0 } };
      }),
    clearFilter: () => setState((s) => ({ ...s, filter: '', selected: { ...s.selected, images: 0 } })),
  };
}
