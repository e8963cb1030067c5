import { describe, expect, it } from 'vitest';
import { NO_KEY, splitKeys, type KeyPress } from '../../src/app/key-split.js';
import { homeKeys } from '../../src/app/screens/home/keys.js';
import { reduceHome, type HomeAction } from '../../src/app/screens/home/reduce.js';
import { initialHome, rowsOf, selectedRow, type HomeState } from '../../src/app/screens/home/state.js';
import { homeView } from '../../src/app/screens/home/view-model.js';
import { intentOf } from '../../src/app/screens/key-table.js';
import { sampleStatuses } from '../components/support/fakes.js';
import type { EngineHandle } from '../../src/app/services.js';

const READY: HomeState = reduceHome(
  reduceHome(initialHome('traces', '/fake/ref-data', '/fake/work'), {
    type: 'engine',
    engine: { status: 'ready', engine: {} as EngineHandle },
  }),
  { type: 'samples', samples: { phase: 'ready', statuses: sampleStatuses(), rows: [] } },
);

const press = (input: string, key: Partial<KeyPress['key']> = {}): KeyPress => ({ input, key: { ...NO_KEY, ...key } });

/** Keys as the shell hands them to home: each through the table in force, then the field; only state changes applied. */
function typeKeys(state: HomeState, text: string): HomeState {
  return splitKeys(text, NO_KEY).reduce((s, key) => {
    const intent = intentOf(homeKeys.table(s), s, key) ?? homeKeys.typing?.(s)?.(key);
    // Enter on the options and the inputs changes state only; the actions of the other keys reach out, and are not here.
    if (intent?.type === 'enter') return reduceHome(s, { type: 'choose' });
    const actions: readonly string[] = ['run', 'hull', 'cost', 'retry', 'delete', 'confirm-delete'];
    return intent && !actions.includes(intent.type) ? reduceHome(s, intent as HomeAction) : s;
  }, state);
}

describe("home's reducer and key table, without rendering", () => {
  it('keys after / go to the filter, m, p, h and s included, and Enter keeps it', () => {
    const state = typeKeys(READY, '/memshape\r');
    expect(state.filter).toBe('memshape');
    expect(state.filtering).toBe(false);
    expect(rowsOf(state).map((r) => r.ref)).toEqual(['functracer/memshape']);
  });

  it('the table in force follows the state: browsing, typing, or a deletion asking', () => {
    expect(intentOf(homeKeys.table(READY), READY, press('m'))).toEqual({ type: 'run', as: 'multi' });
    const filtering = reduceHome(READY, { type: 'filter' });
    expect(intentOf(homeKeys.table(filtering), filtering, press('m'))).toBeUndefined();
    expect(homeKeys.typing?.(filtering)?.(press('m'))).toEqual({ type: 'type', input: 'm', key: NO_KEY });
    const asking = reduceHome(READY, { type: 'asking', plan: { folder: '/t', files: [], kept: [] } });
    expect(intentOf(homeKeys.table(asking), asking, press('y'))).toEqual({ type: 'confirm-delete' });
    expect(intentOf(homeKeys.table(asking), asking, press('m'))).toBeUndefined();
  });

  it('r retries only when the engine is unreachable, and Esc clears only a filter there is', () => {
    expect(intentOf(homeKeys.table(READY), READY, press('r'))).toBeUndefined();
    const lost = reduceHome(READY, { type: 'engine', engine: { status: 'unreachable', error: { message: 'gone', bug: false } } });
    expect(intentOf(homeKeys.table(lost), lost, press('r'))).toEqual({ type: 'retry' });
    expect(intentOf(homeKeys.table(READY), READY, press('', { escape: true }))).toBeUndefined();
    const filtered = typeKeys(READY, '/mem\r');
    expect(intentOf(homeKeys.table(filtered), filtered, press('', { escape: true }))).toEqual({ type: 'clear-filter' });
  });

  it('a new order keeps the image under the cursor', () => {
    const onHello = typeKeys(READY, 'gjjj');
    const hello = selectedRow(onHello)!.ref;
    for (let i = 0; i < 3; i++) {
      const sorted = reduceHome(onHello, { type: 'sort' });
      expect(selectedRow(sorted)!.ref).toBe(hello);
    }
  });

  it('an option is edited in place: a letter no size has is refused with why, Enter keeps a good value', () => {
    const memory = typeKeys(READY, '\t\tjj\r');
    expect(memory.editing).toEqual({ field: 'memory', value: '' });
    const refused = typeKeys(memory, 'x');
    expect(refused.editing?.value).toBe('');
    expect(refused.notice?.message).toBe('"x" cannot go into this field');
    const kept = typeKeys(memory, '256m\r');
    expect(kept.editing).toBeUndefined();
    expect(kept.forms[selectedRow(kept)!.ref]?.memory).toBe('256m');
  });

  it('Enter on the inputs uses the input for an image function, and says why not for others', () => {
    const listed = reduceHome(READY, {
      type: 'inputs',
      inputs: { phase: 'ready', files: [{ name: 'a.jpg', path: '/fake/ref-data/a.jpg', bytes: 1 }] },
    });
    const notImage = reduceHome(reduceHome(listed, { type: 'pane', step: 1 }), { type: 'choose' });
    expect(notImage.notice?.message).toMatch(/reads no input image/);
  });

  it('the view model fits 80×22 and puts the shared keys after home’s own in the bar', () => {
    const view = homeView(READY, { width: 80, height: 22 });
    expect(view.bar.map((h) => h.key)).toEqual(['Enter', 'Tab', 'm', 'p', 'h', 'c', '/', 's', '?', 'q']);
    expect(view.layout.panes).toBeLessThanOrEqual(22);
    const typing = homeView(reduceHome(READY, { type: 'filter' }), { width: 80, height: 22 });
    expect(typing.bar).toEqual([
      { key: 'Enter', label: 'keep' },
      { key: 'Esc', label: 'cancel' },
      { key: 'Ctrl-C', label: 'quit' },
    ]);
  });
});
