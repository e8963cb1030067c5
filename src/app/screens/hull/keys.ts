import type { KeyPress } from '../../key-split.js';
import type { KeyTable, KeyTables } from '../key-table.js';
import type { HullAction } from './reduce.js';
import { hasHull, hullViewOf, type HullState } from './state.js';

/** What a key on the hull screen asks for: a change of state, or an action that reaches out (train, test, save, export). */
export type HullIntent =
  | HullAction
  | { type: 'stop' }
  | { type: 'train' }
  | { type: 'test' }
  | { type: 'save' }
  | { type: 'export'; picture: 'test' | 'hull' }
  | { type: 'back' };

/** The words that differ between training over the sample images and training on a traced image. */
interface Words {
  change: string;
  train: string;
  test: string;
  move: string;
}

const OVER_SAMPLES: Words = {
  change: 'tick an input, edit a number, or pick the test image',
  train: 'train: resize the ticked images at random, Runs times',
  test: 'autotuned test run on the test image, with the saving',
  move: 'move between the inputs, the numbers and the test image',
};

const ON_A_TRACE: Words = {
  change: 'edit a number',
  train: 'train: run the traced image with its options, Runs times',
  test: 'autotuned test run of the traced image, with the saving',
  move: 'move between the numbers',
};

/** The form is still while a run goes. */
const idle = (s: HullState) => !s.busy;

/** The hull screen's keys, most needed first: a bar too narrow even when tightened drops the hints at the end (help has them all). */
function hullTable(words: Words): KeyTable<HullState, HullIntent> {
  return [
    { keys: ['x'], label: 'stop', help: 'stop training or the test run (traces are kept)', when: (s) => s.busy, does: { type: 'stop' } },
    { keys: ['return', 'space'], show: 'Enter', label: 'change', help: words.change, when: idle, does: { type: 'choose' } },
    { keys: ['t'], label: 'train', help: words.train, when: idle, does: { type: 'train' } },
    {
      keys: ['tab', 'shift-tab'],
      show: 'Tab',
      label: (s) => (hullViewOf(s) === 'test' ? 'training' : 'test run'),
      help: 'training overlay ↔ test run',
      when: (s) => s.snapshot.test !== undefined,
      does: { type: 'toggle-view' },
    },
    { keys: ['s'], label: 'save', help: 'save uhull.json and hull.json into the output folder', when: hasHull, does: { type: 'save' } },
    // Without a hull, a says to train one first; the bar offers it once there is one.
    { keys: ['a'], label: (s) => (s.snapshot.hull ? 'autotune' : ''), help: words.test, when: idle, does: { type: 'test' } },
    {
      keys: ['e'],
      label: 'export',
      help: 'export the picture (SVG and PNG)',
      when: (s) => hullViewOf(s) === 'test' && (s.snapshot.test?.snapshot.samples ?? 0) > 0,
      does: { type: 'export', picture: 'test' },
    },
    { keys: ['e'], label: 'export', help: 'export the picture (SVG and PNG)', when: hasHull, does: { type: 'export', picture: 'hull' } },
    {
      keys: ['escape', 'backspace'],
      show: 'Esc',
      label: (s) => (s.busy ? 'stop & back' : 'back'),
      help: 'back; a run still going is stopped, its container removed',
      does: { type: 'back' },
    },
    {
      keys: ['left', 'right', 'up', 'down', 'j', 'k'],
      show: '←→',
      label: 'move',
      help: words.move,
      when: idle,
      does: ({ input, key }) => ({ type: 'move', step: key.leftArrow || key.upArrow || input === 'k' ? -1 : 1 }),
    },
  ];
}

/** Training over the sample images, as home's h opens it: the README's table. */
export const HULL_KEYS = hullTable(OVER_SAMPLES);
/** Training on a traced image with its options, as a trace's h opens it. */
export const TRACED_HULL_KEYS = hullTable(ON_A_TRACE);

const type = ({ input, key }: KeyPress): HullIntent => ({ type: 'type', input, key });

/** While a number is being edited: Enter keeps it, Esc drops it, every other key is typed. */
const FIELD_KEYS: KeyTable<HullState, HullIntent> = [
  { keys: ['return'], label: 'keep', help: 'keep the text', does: type },
  { keys: ['escape'], label: 'cancel', help: 'cancel the edit', does: type },
];

export const hullKeys: KeyTables<HullState, HullIntent> = {
  table: (s) => (s.editing ? FIELD_KEYS : s.plan ? TRACED_HULL_KEYS : HULL_KEYS),
  typing: (s) => (s.editing ? type : undefined),
};
