import { afterEach, describe, expect, it, vi } from 'vitest';
import { NO_KEY, type KeyPress } from '../../src/app/key-split.js';
import { createTrace } from '../../src/app/screens/trace/actions.js';
import { traceKeys, type TraceIntent } from '../../src/app/screens/trace/keys.js';
import { reduceTrace, type TraceAction } from '../../src/app/screens/trace/reduce.js';
import { initialTrace, traceReport, traceReportPage, type TraceCan, type TraceState } from '../../src/app/screens/trace/state.js';
import { traceView } from '../../src/app/screens/trace/view-model.js';
import { intentOf } from '../../src/app/screens/key-table.js';
import { DEFAULT_SETTINGS, type Settings } from '../../src/app/settings.js';
import { recordedSource, type SessionSnapshot, type TraceSource } from '../../src/app/trace-session.js';
import { memshapeTrace, resultFor } from '../components/support/fakes.js';

afterEach(() => vi.useRealTimers());

/** Settings that never change, as `functracer run` makes them of its flags. */
const fixedSettings = (settings: Settings = DEFAULT_SETTINGS) => ({ get: () => settings, subscribe: () => () => {} });

const press = (input: string, key: Partial<KeyPress['key']> = {}): KeyPress => ({ input, key: { ...NO_KEY, ...key } });
const ESC = press('', { escape: true });
const TAB = press('', { tab: true });

const RECORDED = recordedSource('memshape-rawresults.csv', memshapeTrace(), 1000, '/fake/memshape-rawresults.csv').getSnapshot();
const RUNNING: SessionSnapshot = { ...RECORDED, phase: 'running', status: 'running' };
/** A run that ended: its report is `functracer run`'s, the providers' table included. */
const FINISHED: SessionSnapshot = { ...RUNNING, phase: 'finished', status: 'finished', result: resultFor(memshapeTrace()) };
const ALL: TraceCan = { rerun: true, back: true, cost: true, again: true, export: true };

function state(snapshot: SessionSnapshot, given: Partial<TraceState> = {}): TraceState {
  const initial = initialTrace({ snapshot, pricing: DEFAULT_SETTINGS, can: ALL, standalone: false, engineReady: true, cwd: '/fake' });
  return { ...initial, ...given };
}

const intent = (s: TraceState, key: KeyPress): TraceIntent | undefined => intentOf(traceKeys.table(s), s, key);

/** Keys as the shell hands them to the screen, each through the table in force; only the changes of state applied. */
function typeKeys(s: TraceState, ...keys: KeyPress[]): TraceState {
  return keys.reduce((at, key) => {
    const asked = intent(at, key);
    return asked && ['scroll', 'view', 'rerun'].includes(asked.type) ? reduceTrace(at, asked as TraceAction) : at;
  }, s);
}

/** The keys the table in force offers, as the help lists them. */
const offered = (s: TraceState) => traceKeys.table(s).map((entry) => entry.keys[0]);

describe("the trace screen's reducer and key table, without rendering", () => {
  it('x stops only a run going; r, m, h and p wait for its end', () => {
    const live = state(RUNNING);
    expect(intent(live, press('x'))).toEqual({ type: 'stop' });
    for (const key of ['r', 'm', 'h', 'p']) expect(intent(live, press(key))).toBeUndefined();
    const done = state(RECORDED);
    expect(intent(done, press('x'))).toBeUndefined();
    expect(intent(done, press('r'))).toEqual({ type: 'rerun' });
    expect(intent(done, press('h'))).toEqual({ type: 'again', as: 'hull' });
    expect(intent(done, ESC)).toEqual({ type: 'back' });
  });

  it('Tab swaps the report and the billing canvas once the run ended; r starts afresh on the report', () => {
    expect(intent(state(RUNNING), TAB)).toBeUndefined();
    const billing = typeKeys(state(RECORDED), TAB);
    expect(traceView(billing, { width: 80, height: 22 }).lower.view).toBe('billing');
    expect(typeKeys(billing, TAB).chosen).toBe('report');
    const again = typeKeys(typeKeys(billing, press('r')), TAB);
    expect(again.chosen).toBe('billing');
  });

  it('scrolls the report by row, half page, page and space, and to its ends, never past them', () => {
    const s = state(FINISHED, { size: { width: 80, height: 16 } });
    const page = traceReportPage(s);
    const last = traceReport(s).length - page;
    expect(last).toBeGreaterThan(page);
    expect(typeKeys(s, press('k')).scroll).toBe(0);
    expect(typeKeys(s, press('j'), press('j')).scroll).toBe(2);
    expect(typeKeys(s, press('d', { ctrl: true })).scroll).toBe(Math.floor(page / 2));
    expect(typeKeys(s, press('', { pageDown: true }), press(' ')).scroll).toBe(Math.min(last, 2 * page));
    const end = typeKeys(s, press('G'));
    expect(end.scroll).toBe(last);
    expect(typeKeys(end, press('j')).scroll).toBe(last);
    expect(typeKeys(end, press('k')).scroll).toBe(last - 1);
    expect(typeKeys(end, press('', { home: true })).scroll).toBe(0);
    // On the billing canvas the same keys scroll nothing.
    expect(intent(typeKeys(s, TAB), press('j'))).toBeUndefined();
  });

  it('leaves out the keys of what the screen was not given, so help lists only keys that work here', () => {
    const bare = state(RECORDED, { can: { rerun: false, back: false, cost: false, again: false, export: false } });
    expect(offered(bare)).toEqual(['x', 'tab', 'up', 'home']);
    const offer = state(RECORDED, { can: { ...bare.can, again: true }, engineReady: false });
    // Training and tuning run on the engine; multi-run asks it once N is chosen.
    expect(offered(offer)).toEqual(['x', 'tab', 'm', 'up', 'home']);
    expect(offered({ ...offer, engineReady: true })).toEqual(['x', 'tab', 'm', 'h', 'p', 'up', 'home']);
    expect(offered(state(RECORDED))).toEqual(['x', 'r', 'escape', 'tab', 'm', 'e', 'h', 'p', 'c', 'up', 'home']);
  });

  it("functracer run's screen: x while the run goes, q said as stop, no report and nothing after the end", () => {
    const live = state(RUNNING, { standalone: true, can: { ...ALL, rerun: false } });
    expect(offered(live)).toEqual(['x']);
    expect(traceView(live, { width: 80, height: 22 }).bar).toEqual([
      { key: 'x', label: 'stop' },
      { key: 'q', label: 'stop' },
    ]);
    const ended = state(FINISHED, { standalone: true });
    expect(traceView(ended, { width: 80, height: 22 }).bar).toEqual([]);
    expect(traceView(ended, { width: 80, height: 22 }).lower.view).toBe('billing');
    expect(traceReport(ended)).toEqual([]);
  });

  it('the view model fits the chart and the pane in the height, and puts the shared keys after its own', () => {
    const view = traceView(state(FINISHED), { width: 80, height: 22 });
    expect(view.chart.height + view.lower.height + 4).toBe(22);
    expect(view.bar.map((h) => h.key)).toEqual(['r', 'Esc', 'Tab', 'm', 'e', 'h', 'p', 'c', 'j/k', '?', 'q']);
    expect(view.title.text).toBe('memshape-rawresults.csv  ·  finished');
    // A report that fits its pane offers no scrolling; the keys work anyway.
    expect(traceView(state(RECORDED), { width: 80, height: 22 }).bar.map((h) => h.key)).not.toContain('j/k');
  });
});

/** A source whose snapshot the test sets, telling its listeners at once, as a session does every batch. */
function scriptedSource(first: SessionSnapshot) {
  let snapshot = first;
  const listeners = new Set<() => void>();
  const starts = vi.fn();
  const source: TraceSource = {
    rerunnable: true,
    subscribe: (listener) => (listeners.add(listener), () => listeners.delete(listener)),
    getSnapshot: () => snapshot,
    start: starts,
    stop: async () => {},
  };
  const set = (next: SessionSnapshot) => {
    snapshot = next;
    listeners.forEach((listener) => listener());
  };
  return { source, set, starts };
}

describe("the trace screen's model", () => {
  it('e saves the picture and says where; the next key forgets it, even one the screen has no use for, but not q or ?', async () => {
    const saved = { svg: '/fake/pictures/memshape-plot.svg', png: '/fake/pictures/memshape-plot.png' };
    const exportPlot = vi.fn(async () => saved);
    const settings = fixedSettings({ ...DEFAULT_SETTINGS, outDir: 'pictures' });
    const model = createTrace({ settings, exporter: { cwd: '/fake', exportPlot } }, scriptedSource(RECORDED).source);
    expect(model.key(press('e'))).toBe(true);
    expect(model.getState().exported.phase).toBe('busy');
    await vi.waitFor(() => expect(model.getState().exported.phase).toBe('done'));
    expect(exportPlot.mock.calls[0]!.slice(1)).toEqual(['pictures', 'memshape']);
    expect(traceView(model.getState(), { width: 80, height: 22 }).title.text).toBe('Saved pictures/memshape-plot.svg and .png');
    expect(model.key(press('q'))).toBe(false);
    expect(model.key(press('?'))).toBe(false);
    expect(model.getState().exported.phase).toBe('done');
    expect(model.key(press('z'))).toBe(false);
    expect(model.getState().exported.phase).toBe('idle');
  });

  it('follows the source at most every 50 ms, and r starts it again', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const scripted = scriptedSource(RUNNING);
    const model = createTrace({ settings: fixedSettings() }, scripted.source, { back: () => {} });
    const seen: SessionSnapshot[] = [];
    model.store.subscribe(() => seen.push(model.getState().snapshot));
    const later = Array.from({ length: 10 }, (_, i) => ({ ...RUNNING, samples: i }));
    later.forEach(scripted.set);
    // The first change goes at once, the nine after it in one, at the end of the interval.
    expect(seen).toEqual([later[0]]);
    await vi.advanceTimersByTimeAsync(50);
    expect(seen).toEqual([later[0], later[9]]);
    scripted.set(FINISHED);
    await vi.advanceTimersByTimeAsync(50);
    expect(model.key(press('r'))).toBe(true);
    expect(scripted.starts).toHaveBeenCalledOnce();
  });
});
