import { describe, expect, it } from 'vitest';
import { NO_KEY, splitKeys, type KeyPress } from '../../src/app/key-split.js';
import { homeKeys } from '../../src/app/screens/home/keys.js';
import { reduceHome, type HomeAction } from '../../src/app/screens/home/reduce.js';
import { initialHome, rowsOf, selectedRow, type HomeState } from '../../src/app/screens/home/state.js';
import { homeView } from '../../src/app/screens/home/view-model.js';
import { intentOf } from '../../src/app/screens/key-table.js';
import { fakeEngine, fakeServices, INPUTS, memshapeTrace, sampleStatuses, scriptedJob } from '../components/support/fakes.js';
import type { CellBox, EngineHandle } from '../../src/app/services.js';
import { createHome } from '../../src/app/screens/home/actions.js';
import { NO_EXITS } from '../components/support/home.js';
import { UserError } from '../../src/core/errors.js';
import type { ImageThumbnail } from '../../src/infra/image-preview.js';

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

/** A load the test answers when it likes: the order of answers is the test's, not the machine's. */
interface Asked<T> {
  file: string;
  answer(value: T): void;
  refuse(error: Error): void;
}

function ask<T>(asked: Asked<T>[], file: string): Promise<T> {
  return new Promise<T>((answer, refuse) => asked.push({ file, answer, refuse }));
}

const thumbnail = (shade: number): ImageThumbnail => ({
  image: { width: 4, height: 4, data: new Uint8Array(48).fill(shade) },
  sourceWidth: 4,
  sourceHeight: 4,
  format: 'jpeg',
});

/** Home's model with its inputs listed and the inputs pane focused; every decode waits for the test to answer it. */
function previewing() {
  const decodes: Asked<ImageThumbnail>[] = [];
  const pngs: Asked<Uint8Array>[] = [];
  const engine = fakeEngine(() => scriptedJob(memshapeTrace()).job);
  const services = fakeServices(engine, {
    loadPreview: (file: string, _cells: CellBox) => ask(decodes, file),
    previewPng: (file: string) => ask(pngs, file),
  });
  const home = createHome(services, 'traces', NO_EXITS);
  home.store.dispatch({ type: 'inputs', inputs: { phase: 'ready', files: INPUTS } });
  home.key(press('', { tab: true }));
  return { home, decodes, pngs, names: (asked: Asked<unknown>[]) => asked.map((a) => a.file.split('/').at(-1)) };
}

/** Lets the answered promises' callbacks run: no time passes. */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));
const BOX = { columns: 38, rows: 12 };

describe("home's preview of the highlighted input, loaded by the model", () => {
  it('loads once the view tells its room, and once for each input the cursor moves to', async () => {
    const { home, decodes, names } = previewing();
    expect(decodes).toHaveLength(0);
    home.previewRoom({ box: BOX, protocol: 'half-blocks' });
    expect(names(decodes)).toEqual(['sample-1mb.jpg']);
    expect(home.store.getState().preview).toEqual({ kind: 'loading' });
    // The same room told again, and keys that move nothing, ask for nothing more.
    home.previewRoom({ box: { ...BOX }, protocol: 'half-blocks' });
    home.store.dispatch({ type: 'page', rows: 3 });
    expect(decodes).toHaveLength(1);
    decodes[0]!.answer(thumbnail(200));
    await settle();
    const shown = home.store.getState().preview;
    expect(shown.kind).toBe('blocks');
    expect(shown.kind === 'blocks' && shown.lines.length).toBe(2);
    home.key(press('j'));
    expect(names(decodes)).toEqual(['sample-1mb.jpg', 'sample-2mb.jpg']);
    // A bigger room is another picture: decoded again, at its size.
    home.previewRoom({ box: { columns: 38, rows: 6 }, protocol: 'half-blocks' });
    expect(names(decodes)).toEqual(['sample-1mb.jpg', 'sample-2mb.jpg', 'sample-2mb.jpg']);
  });

  it('shows a picture it has already decoded at once, asking nothing', async () => {
    const { home, decodes } = previewing();
    home.previewRoom({ box: BOX, protocol: 'half-blocks' });
    decodes[0]!.answer(thumbnail(200));
    await settle();
    const first = home.store.getState().preview;
    home.key(press('j'));
    decodes[1]!.answer(thumbnail(40));
    await settle();
    expect(home.store.getState().preview).not.toEqual(first);
    home.key(press('k'));
    expect(decodes).toHaveLength(2);
    expect(home.store.getState().preview).toEqual(first);
  });

  it('drops the answer for an input the cursor has left, and shows the one it is on', async () => {
    const { home, pngs, names } = previewing();
    home.previewRoom({ box: BOX, protocol: 'kitty' });
    home.key(press('j'));
    expect(names(pngs)).toEqual(['sample-1mb.jpg', 'sample-2mb.jpg']);
    pngs[0]!.answer(new Uint8Array([1]));
    await settle();
    expect(home.store.getState().preview).toEqual({ kind: 'loading' });
    pngs[1]!.answer(new Uint8Array([2]));
    await settle();
    const shown = home.store.getState().preview;
    expect(shown.kind === 'inline' && [...shown.png]).toEqual([2]);
    // 2944×2208 is 4:3; a cell is two pixels high.
    expect(shown.kind === 'inline' && shown.cells).toEqual({ columns: 32, rows: 12 });
    // The dropped answer was still kept: going back asks nothing.
    home.key(press('k'));
    expect(pngs).toHaveLength(2);
    expect(home.store.getState().preview).toMatchObject({ kind: 'inline', png: new Uint8Array([1]) });
  });

  it('a decode that fails shows as failed, with what to do; text and no room need no decoding', async () => {
    const { home, decodes } = previewing();
    home.previewRoom({ box: BOX, protocol: 'half-blocks' });
    decodes[0]!.refuse(new UserError('cannot read sample-1mb.jpg', 'write the samples again'));
    await settle();
    expect(home.store.getState().preview).toEqual({
      kind: 'failed',
      error: { message: 'cannot read sample-1mb.jpg', hint: 'write the samples again', bug: false },
    });
    home.previewRoom({ box: BOX, protocol: 'text' });
    expect(home.store.getState().preview).toEqual({ kind: 'text', text: 'sample-1mb.jpg: 2112×1584 px JPEG, 1.0 MiB' });
    home.previewRoom({ box: { columns: 0, rows: 0 }, protocol: 'half-blocks' });
    expect(home.store.getState().preview).toEqual({ kind: 'none' });
    expect(decodes).toHaveLength(1);
  });
});
