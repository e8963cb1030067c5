import { describe, expect, it, vi } from 'vitest';
import { NO_KEY, type KeyPress } from '../../src/app/key-split.js';
import { finishedMultiRun, MultiRunSession, type MultiJob } from '../../src/app/multi-session.js';
import { createMultiRun } from '../../src/app/screens/multi/actions.js';
import { intentOf } from '../../src/app/screens/key-table.js';
import { MULTI_KEYS } from '../../src/app/screens/multi/keys.js';
import { reduceMultiRun } from '../../src/app/screens/multi/reduce.js';
import { initialMultiRun } from '../../src/app/screens/multi/state.js';
import { multiRunView } from '../../src/app/screens/multi/view-model.js';
import type { AppServices } from '../../src/app/services.js';
import { DEFAULT_SETTINGS } from '../../src/app/settings.js';
import { fakeServices, memshapeTrace, NO_ENGINE, resultFor } from '../components/support/fakes.js';
import { whenSnapshot } from '../support/snapshots.js';

const press = (input: string, key: Partial<KeyPress['key']> = {}): KeyPress => ({ input, key: { ...NO_KEY, ...key } });
const ENTER = press('', { return: true });
const LEFT = press('', { leftArrow: true });
const ESC = press('', { escape: true });

/** Runs that go on until stopped: the screen stays in its running state for as long as a test needs. */
const untilStopped: MultiJob = (_runs, hooks) =>
  new Promise((resolve) => {
    hooks.onRunStart(0);
    hooks.signal.addEventListener('abort', () => resolve({ interrupted: true }), { once: true });
  });

/** One run, then the question a long series asks; no second run is traced. */
const asking: MultiJob = async (_runs, hooks) => {
  hooks.onRunStart(0);
  hooks.onRunDone(0, resultFor(memshapeTrace(300)));
  const go = await hooks.onEstimate({ perRunMs: 200_000, totalRuns: 3, runsLeft: 2, leftMs: 400_000 });
  return { interrupted: !go };
};

const RESULTS = [300, 350, 400].map((ms) => resultFor(memshapeTrace(ms, 100)));

function model(session: MultiRunSession, services: Partial<AppServices> = {}) {
  const exits = { openRun: vi.fn(), back: vi.fn() };
  const made = createMultiRun(session, fakeServices(NO_ENGINE, services), exits);
  /** Keys as the shell hands them over, one at a time, each applied at once: characters (\r is Enter), or named keys. */
  const type = (...keys: (string | KeyPress)[]) =>
    keys.flatMap((k) => (typeof k === 'string' ? [...k].map((ch) => (ch === '\r' ? ENTER : press(ch))) : [k])).forEach((k) => made.key(k));
  return { model: made, state: () => made.store.getState(), exits, type };
}

const finished = () => finishedMultiRun('memshape', RESULTS, untilStopped);

describe("the multi-run screen's model, without rendering", () => {
  it('N: arrows, + and - step it; digits typed one after another make one number; another key ends it', () => {
    const session = new MultiRunSession('memshape', untilStopped);
    const { type, state } = model(session);
    type('+++-');
    expect(session.getSnapshot().runs).toBe(7);
    type('12');
    expect(session.getSnapshot().runs).toBe(12);
    expect(state().run.runs).toBe(12);
    type('-3');
    expect(session.getSnapshot().runs).toBe(3);
    type(LEFT, LEFT, LEFT);
    expect(session.getSnapshot().runs).toBe(1);
    type('007');
    expect(state().typed).toBe('7');
    expect(session.getSnapshot().runs).toBe(7);
  });

  it('past the cap the number typed so far stays, and the refusal shows until the next key', () => {
    const session = new MultiRunSession('memshape', untilStopped);
    const { type, state } = model(session);
    type('99999');
    expect(session.getSnapshot().runs).toBe(9999);
    expect(state().notice?.message).toBe('N got "99999", which is more than 10,000');
    type('+');
    expect(state().notice).toBeUndefined();
    expect(session.getSnapshot().runs).toBe(10_000);
    type('+');
    expect(session.getSnapshot().runs).toBe(10_000);
  });

  it('Enter starts; while running N keys do nothing, Esc is back and says it stops the runs, x stops them', async () => {
    const session = new MultiRunSession('memshape', untilStopped);
    const { type, state, exits } = model(session);
    expect(multiRunView(state(), { width: 80, height: 22 }).bar.map((h) => `${h.key} ${h.label}`)).toEqual([
      '←→/0-9 N',
      'Enter start',
      'Esc back',
      '? help',
      'q quit',
    ]);
    type('2\r');
    // The key's change to the session is in the store at once, not at the next redraw.
    expect(state().run.phase).toBe('running');
    type('5+');
    expect(session.getSnapshot().runs).toBe(2);
    const bar = multiRunView(state(), { width: 80, height: 22 }).bar.map((h) => `${h.key} ${h.label}`);
    expect(bar).toEqual(['x stop', 'Esc stop & back', '? help', 'q quit']);
    type(ESC);
    expect(exits.back).toHaveBeenCalledOnce();
    type('x');
    const stopped = await whenSnapshot(session, (s) => s.phase === 'finished', 'the runs stop');
    expect(stopped.interrupted).toBe(true);
  });

  it('a long series asks after its first run: y or Enter goes on', async () => {
    const session = new MultiRunSession('memshape', asking);
    const { type, state } = model(session);
    type('3\r');
    await whenSnapshot(session, (s) => s.confirm !== undefined, 'the question');
    const asked = { ...state(), run: session.getSnapshot() };
    expect(intentOf(MULTI_KEYS, asked, press('y'))).toEqual({ type: 'go-on' });
    expect(intentOf(MULTI_KEYS, asked, ENTER)).toEqual({ type: 'go-on' });
    type('y');
    const went = await whenSnapshot(session, (s) => s.phase === 'finished', 'the runs end');
    expect(went.interrupted).toBe(false);
    await vi.waitFor(() => expect(state().run.phase).toBe('finished'));
  });

  it('follows the session a redraw at a time, and the settings only while a view reads the store', async () => {
    const session = new MultiRunSession('memshape', untilStopped);
    const services = fakeServices(NO_ENGINE);
    const made = createMultiRun(session, services, { openRun: () => {}, back: () => {} });
    const state = () => made.store.getState();
    // The first change after a quiet spell is taken at once.
    session.start();
    expect(state().run.phase).toBe('running');
    await session.stop();
    await vi.waitFor(() => expect(state().run.phase).toBe('finished'));
    services.settings.set('provider', 'aws-lambda-2020');
    expect(state().settings.provider).toBe('aws-lambda-x86');
    const unsubscribe = made.store.subscribe(() => {});
    expect(state().settings.provider).toBe('aws-lambda-2020');
    services.settings.set('provider', 'aws-lambda-arm64');
    expect(state().settings.provider).toBe('aws-lambda-arm64');
    unsubscribe();
    services.settings.set('provider', 'aws-lambda-x86');
    expect(state().settings.provider).toBe('aws-lambda-arm64');
  });

  it('after the runs: the cursor moves over them, Enter opens the one under it, r runs N again', async () => {
    const session = finished();
    await whenSnapshot(session, (s) => s.phase === 'finished', 'the replay');
    const { type, state, exits } = model(session);
    type('jjj');
    expect(state().selected).toBe(2);
    type('g\r');
    expect(exits.openRun).toHaveBeenCalledWith(RESULTS[0], 0);
    type('G\r');
    expect(exits.openRun).toHaveBeenLastCalledWith(RESULTS[2], 2);
    type('r');
    expect(session.getSnapshot().phase).toBe('running');
    await session.stop();
  });

  it('e saves the picture once at a time, names it until the next key, and a failure shows as an error', async () => {
    let settle: (files: { svg: string; png: string }) => void = () => {};
    const exportPlot = vi.fn(() => new Promise<{ svg: string; png: string }>((resolve) => (settle = resolve)));
    const session = finished();
    await whenSnapshot(session, (s) => s.phase === 'finished', 'the replay');
    const { type, state } = model(session, { exportPlot });
    type('ee');
    expect(exportPlot).toHaveBeenCalledOnce();
    expect(exportPlot.mock.calls[0]).toEqual([expect.anything(), 'traces', 'functracer-multi']);
    settle({ svg: '/fake/work/traces/m-plot.svg', png: '/fake/work/traces/m-plot.png' });
    await vi.waitFor(() => expect(state().exported.phase).toBe('done'));
    expect(multiRunView(state(), { width: 80, height: 22 }).message.lines[1]).toBe('Saved traces/m-plot.svg and .png');
    type('k');
    expect(state().exported.phase).toBe('idle');
  });
});

describe("the multi-run screen's reducer", () => {
  const settings = { ...DEFAULT_SETTINGS, provider: 'aws-lambda-2020' };
  const base = initialMultiRun(
    { phase: 'finished', title: 'memshape', runs: 3, done: RESULTS, status: 'finished', interrupted: false },
    settings,
    '/fake/work',
  );

  it('prices the runs once, again only for new runs or other pricing settings', () => {
    expect(base.table.rows.map((r) => r.billedMs)).toEqual([300, 400, 400]);
    const statusOnly = reduceMultiRun(base, { type: 'run', run: { ...base.run, status: 'still finished' } });
    expect(statusOnly.table).toBe(base.table);
    const interval = reduceMultiRun(base, { type: 'settings', settings: { ...settings, intervalMs: 5 } as typeof settings });
    expect(interval).toBe(base);
    const other = reduceMultiRun(base, { type: 'settings', settings: { ...settings, provider: 'nope' } });
    expect(other.table.error?.hint).toBe('change the provider in the cost settings');
  });

  it('scrolls within the runs, whichever way', () => {
    const end = reduceMultiRun(base, { type: 'scroll', to: 'end' });
    expect(end.selected).toBe(2);
    expect(reduceMultiRun(end, { type: 'scroll', by: 'row', sign: 1 }).selected).toBe(2);
    expect(reduceMultiRun(end, { type: 'scroll', by: 'page', sign: -1 }).selected).toBe(0);
  });

  it('lists runs that finish out of order (side by side on a swarm) in run order, and says under the table what was lost', async () => {
    const sideBySide: MultiJob = async (_runs, hooks) => {
      [0, 1, 2, 3].forEach((index) => hooks.onRunStart(index));
      // Run 3 finishes first, then 0 and 2; run 1 is lost on its node.
      for (const index of [3, 0, 2]) hooks.onRunDone(index, RESULTS[index % 3]!);
      return { interrupted: false, lost: '1 run lost: node lab2 went down twice' };
    };
    const session = new MultiRunSession('memshape', sideBySide, undefined, 4);
    session.start();
    const end = await whenSnapshot(session, (s) => s.phase === 'finished', 'the runs end');
    expect(end.done).toEqual([RESULTS[0], RESULTS[2], RESULTS[0]]);
    expect(end.status).toBe('finished, some runs lost');
    expect(end.error).toEqual({ message: '1 run lost: node lab2 went down twice', hint: 'see functracer doctor --on swarm', bug: false });
    const view = multiRunView(initialMultiRun(end, DEFAULT_SETTINGS, '/w'), { width: 80, height: 24 });
    expect(view.message.error?.message).toMatch(/node lab2 went down twice/);
  });
});
