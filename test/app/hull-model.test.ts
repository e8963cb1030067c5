import { describe, expect, it } from 'vitest';
import { HullSession } from '../../src/app/hull-session.js';
import { NO_KEY, splitKeys, type KeyPress } from '../../src/app/key-split.js';
import { planRun } from '../../src/app/run-form.js';
import { createHull } from '../../src/app/screens/hull/actions.js';
import { HULL_KEYS, hullKeys, TRACED_HULL_KEYS, type HullIntent } from '../../src/app/screens/hull/keys.js';
import { reduceHull, type HullAction } from '../../src/app/screens/hull/reduce.js';
import { hullFormOf, initialHull, hullItemsOf, type HullState } from '../../src/app/screens/hull/state.js';
import { hullView } from '../../src/app/screens/hull/view-model.js';
import { intentOf } from '../../src/app/screens/key-table.js';
import { DEFAULT_SETTINGS } from '../../src/app/settings.js';
import { fakeServices, INPUTS, NO_ENGINE } from '../components/support/fakes.js';
import { scriptedHullJobs } from '../components/support/jobs.js';
import { waitUntil } from '../components/support/keys.js';

const IDLE = new HullSession(scriptedHullJobs()).getSnapshot();
const LISTED: HullState = reduceHull(initialHull({ snapshot: IDLE, busy: false, settings: DEFAULT_SETTINGS, cwd: '/fake/work' }), {
  type: 'inputs',
  inputs: { phase: 'ready', files: INPUTS },
});
const PLAN = planRun('functracer/memshape', { volumes: '', scratchFrom: '', memory: '', args: '0:50' }, undefined, '/fake', {});

const press = (input: string, key: Partial<KeyPress['key']> = {}): KeyPress => ({ input, key: { ...NO_KEY, ...key } });
const intent = (state: HullState, key: KeyPress): HullIntent | undefined =>
  intentOf(hullKeys.table(state), state, key) ?? hullKeys.typing?.(state)?.(key);

/** Keys as the shell hands them to the screen: each through the table in force, then the field; only state changes applied. */
function typeKeys(state: HullState, text: string): HullState {
  // One character alone is not split: Ink names it itself, which splitKeys leaves to Ink.
  return splitKeys(text, NO_KEY).reduce((s, key) => {
    const next = intent(s, key);
    const reaching: readonly string[] = ['stop', 'train', 'test', 'save', 'export', 'back'];
    return next && !reaching.includes(next.type) ? reduceHull(s, next as HullAction) : s;
  }, state);
}

describe("the hull screen's reducer and key table, without rendering", () => {
  it('Enter ticks an input, and on "Test on" picks the next image; the cursor stops at both ends', () => {
    expect(hullFormOf(LISTED)).toMatchObject({ chosen: ['sample-1mb.jpg', 'sample-2mb.jpg'], test: 'sample-5mb.jpg' });
    expect(hullFormOf(typeKeys(LISTED, ' j\r')).chosen).toEqual([]);
    const last = typeKeys(LISTED, 'j'.repeat(20));
    expect(last.cursor).toBe(hullItemsOf(LISTED).length - 1);
    expect(hullFormOf(typeKeys(last, '\r\r')).test).toBe('sample-2mb.jpg');
    expect(typeKeys(last, 'k'.repeat(20)).cursor).toBe(0);
  });

  it('a number is edited in place: a key the field cannot hold is refused with why, Enter keeps a good value', () => {
    const runs = typeKeys(LISTED, 'jjj\r\x15');
    expect(runs.editing).toEqual({ field: 'runs', value: '' });
    // t, s and a are typed while a number is edited, never run: a letter is refused, the edit goes on.
    expect(intentOf(hullKeys.table(runs), runs, press('t'))).toBeUndefined();
    const refused = typeKeys(runs, '3t');
    expect(refused.editing?.value).toBe('3');
    expect(refused.notice?.message).toBe('"t" cannot go into this field');
    expect(typeKeys(runs, '\r\r').notice?.message).toBe('runs got ""');
    const kept = typeKeys(runs, '3\r');
    expect(kept.editing).toBeUndefined();
    expect(hullFormOf(kept).runs).toBe('3');
    const dropped = reduceHull(typeKeys(runs, '42'), intent(typeKeys(runs, '42'), press('', { escape: true })) as HullAction);
    expect(dropped.editing).toBeUndefined();
    expect(hullFormOf(dropped).runs).toBe('10');
  });

  it('while a run goes the form is still: x stops, Esc stops and goes back', () => {
    const busy = reduceHull(LISTED, { type: 'session', snapshot: { ...IDLE, phase: 'training' }, busy: true });
    for (const key of ['t', 'a', 'j', ' ']) expect(intent(busy, press(key))).toBeUndefined();
    expect(intent(busy, press('x'))).toEqual({ type: 'stop' });
    expect(intent(busy, press('', { escape: true }))).toEqual({ type: 'back' });
    expect(hullView(busy, { width: 80, height: 22 }).bar).toContainEqual({ key: 'Esc', label: 'stop & back' });
    expect(intent(LISTED, press('x'))).toBeUndefined();
    expect(hullView(LISTED, { width: 80, height: 22 }).bar.slice(0, 2)).toEqual([
      { key: 'Enter', label: 'change' },
      { key: 't', label: 'train' },
    ]);
  });

  it('opened from a trace: the numbers only, and the words say the traced image', () => {
    const traced = { ...LISTED, plan: PLAN };
    expect(hullKeys.table(traced)).toBe(TRACED_HULL_KEYS);
    expect(hullKeys.table(LISTED)).toBe(HULL_KEYS);
    expect(hullItemsOf(traced).map((item) => item.kind)).toEqual(['field', 'field', 'field', 'field']);
    expect(typeKeys(traced, 'jk\r').editing).toEqual({ field: 'runs', value: '10' });
    expect(hullView(traced, { width: 80, height: 22 }).form.trainOn).toBe(PLAN.title);
  });

  it('the next key forgets a finished save and the last notice; a save still going stays', () => {
    const done = reduceHull(LISTED, { type: 'saved', task: { phase: 'done', value: { hull: '/h', uhull: '/u' } } });
    expect(reduceHull({ ...done, notice: { message: 'no', bug: false } }, { type: 'forget' })).toMatchObject({
      saved: { phase: 'idle' },
      notice: undefined,
    });
    const going = reduceHull(LISTED, { type: 'saved', task: { phase: 'busy' } });
    expect(reduceHull(going, { type: 'forget' })).toBe(going);
  });
});

describe("the hull screen's model: keys reach the session at once", () => {
  it('t then t in one burst starts one training; the key after sees it busy, and x stops it', async () => {
    const jobs = scriptedHullJobs({ ms: 3000 });
    const session = new HullSession(jobs);
    const model = createHull(session, fakeServices(NO_ENGINE), { back: () => {} });
    // A view reading the store is what lists the inputs.
    const stop = model.store.subscribe(() => {});
    await waitUntil('the inputs are listed', () => model.getState().inputs.phase === 'ready');
    const taken = splitKeys('tt', NO_KEY).map((key) => model.key(key));
    expect(taken).toEqual([true, false]);
    expect(model.getState().busy).toBe(true);
    const signal = jobs.trainSignal();
    expect(model.key(press('x'))).toBe(true);
    await waitUntil('training stops', () => model.getState().snapshot.phase === 'trained');
    expect(signal?.aborted).toBe(true);
    expect(model.getState()).toMatchObject({ busy: false, snapshot: { interrupted: true } });
    stop();
  });

  it('a without a hull, and t before the inputs are listed, say what to do instead', () => {
    const model = createHull(new HullSession(scriptedHullJobs()), fakeServices(NO_ENGINE), { back: () => {} });
    model.key(press('a'));
    expect(model.getState().notice?.message).toBe('there is no upscaling hull to test yet');
    model.key(press('t'));
    expect(model.getState().notice?.message).toBe('the sample images are not listed yet');
  });
});
