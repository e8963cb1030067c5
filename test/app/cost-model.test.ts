import { afterEach, describe, expect, it, vi } from 'vitest';
import { NO_KEY, splitKeys, type KeyPress } from '../../src/app/key-split.js';
import { createCost, type CostPricing } from '../../src/app/screens/cost/actions.js';
import { costKeys } from '../../src/app/screens/cost/keys.js';
import { reduceCost } from '../../src/app/screens/cost/reduce.js';
import { initialCost, type CostState } from '../../src/app/screens/cost/state.js';
import { costView } from '../../src/app/screens/cost/view-model.js';
import { intentOf } from '../../src/app/screens/key-table.js';
import { knownProviders, priceInvocations, priceSnapshot } from '../../src/app/screen-pricing.js';
import { DEFAULT_SETTINGS, invalidSetting, isValid, type Settings, type SettingsStore } from '../../src/app/settings.js';
import { recordedSource, type SessionSnapshot, type TraceSource } from '../../src/app/trace-session.js';
import { memshapeTrace } from '../components/support/fakes.js';

afterEach(() => vi.useRealTimers());

/** Settings kept in memory, checked as the real store checks them; `listeners` counts who follows them. */
function memorySettings(): SettingsStore & { listeners: Set<(settings: Settings) => void> } {
  let settings: Settings = { ...DEFAULT_SETTINGS };
  const listeners = new Set<(settings: Settings) => void>();
  return {
    path: '/fake/config/settings.json',
    listeners,
    get: () => settings,
    set(key, value) {
      if (!isValid(key, value)) throw invalidSetting(key, String(value));
      settings = { ...settings, [key]: value };
      listeners.forEach((listener) => listener(settings));
      return settings;
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

const trace = () => recordedSource('memshape-rawresults.csv', memshapeTrace(), 1000, '/fake/memshape-rawresults.csv');
const press = (input: string, key: Partial<KeyPress['key']> = {}): KeyPress => ({ input, key: { ...NO_KEY, ...key } });
const ESC = press('', { escape: true });
const ENTER = press('', { return: true });

/**
 * Keys as the shell hands them to the screen, each applied before the next; what no key of the screen took is returned.
 * A string is split as Ink's burst is (a lone character is plain, so Enter alone is `ENTER`).
 */
function typeKeys(model: ReturnType<typeof createCost>, keys: string | KeyPress[]): KeyPress[] {
  const presses = typeof keys === 'string' ? splitKeys(keys, NO_KEY) : keys;
  return presses.filter((key) => !model.key(key));
}

const PROVIDERS = ['aws-lambda-x86', 'gcf-gen1', 'oracle-functions'];
const AT_START = initialCost({
  settings: DEFAULT_SETTINGS,
  settingsPath: '/fake/config/settings.json',
  providers: PROVIDERS,
  snapshot: trace().getSnapshot(),
  entries: PROVIDERS.map((provider) => ({ provider, error: 'not priced in this test' })),
});

describe("the cost screen's reducer and key table, without rendering", () => {
  it('opens on the table with the chosen provider under the cursor, or on the settings without a trace', () => {
    expect(AT_START.pane).toBe('providers');
    expect(AT_START.selected.providers).toBe(0);
    const cheapFirst = initialCost({ ...AT_START, entries: [...AT_START.entries].reverse() });
    expect(cheapFirst.selected.providers).toBe(2);
    const { snapshot: _none, ...withoutTrace } = AT_START;
    expect(initialCost({ ...withoutTrace, entries: [] }).pane).toBe('settings');
  });

  it('the table in force follows the state: Enter picks on the table, changes on the form, and a field takes every key', () => {
    expect(intentOf(costKeys.table(AT_START), AT_START, press('', { return: true }))).toEqual({ type: 'choose' });
    const form = reduceCost(AT_START, { type: 'pane' });
    expect(intentOf(costKeys.table(form), form, press('', { return: true }))).toEqual({ type: 'change' });
    expect(intentOf(costKeys.table(form), form, press('', { leftArrow: true }))).toEqual({ type: 'cycle', step: -1 });
    expect(intentOf(costKeys.table(AT_START), AT_START, press('', { leftArrow: true }))).toBeUndefined();
    const editing = reduceCost(form, { type: 'editing', editing: { key: 'outDir', value: 'traces' } });
    expect(costKeys.typing?.(form)).toBeUndefined();
    for (const key of ['q', 'j', '?', 'g'])
      expect(costKeys.typing?.(editing)?.(press(key))).toEqual({ type: 'type', input: key, key: NO_KEY });
    expect(intentOf(costKeys.table(editing), editing, ESC)).toEqual({ type: 'type', input: '', key: ESC.key });
  });

  it('Tab goes between the panes only when there is a table to go to', () => {
    const { snapshot: _none, ...rest } = AT_START;
    const noTrace: CostState = { ...rest, pane: 'settings' };
    expect(intentOf(costKeys.table(noTrace), noTrace, press('', { tab: true }))).toBeUndefined();
    expect(reduceCost(noTrace, { type: 'pane' })).toBe(noTrace);
    expect(reduceCost(reduceCost(AT_START, { type: 'pane' }), { type: 'pane' }).pane).toBe('providers');
  });

  it('moves in the pane it is on: a row, half a page, the ends', () => {
    const paged = reduceCost(AT_START, { type: 'page', rows: 2 });
    const end = reduceCost(paged, { type: 'scroll', to: 'end' });
    expect(end.selected).toEqual({ providers: 2, settings: 0 });
    const form = reduceCost(end, { type: 'pane' });
    const down = reduceCost(reduceCost(form, { type: 'scroll', by: 'half', sign: 1 }), { type: 'scroll', by: 'row', sign: 1 });
    expect(down.selected).toEqual({ providers: 2, settings: 2 });
    expect(reduceCost(down, { type: 'scroll', to: 'end' }).selected.settings).toBe(5);
    expect(reduceCost(down, { type: 'scroll', by: 'page', sign: -1 }).selected.settings).toBe(0);
  });

  it('the view model fits 80×22: the table, the form and the bar, the shared keys after its own', () => {
    const view = costView(AT_START, { width: 80, height: 22 });
    expect(view.table?.lines).toHaveLength(3);
    expect(view.tableHeight + view.form.height + view.message.rows + 1).toBe(22);
    expect(view.bar.map((h) => h.key)).toEqual(['↑↓/jk', 'Enter', 'Tab', '?', 'q', 'Esc']);
    const editing = reduceCost(reduceCost(AT_START, { type: 'pane' }), { type: 'editing', editing: { key: 'outDir', value: 'out' } });
    const typing = costView(editing, { width: 80, height: 22 });
    expect(typing.bar).toEqual([
      { key: 'Enter', label: 'save' },
      { key: 'Esc', label: 'cancel' },
      { key: 'Ctrl-C', label: 'quit' },
    ]);
    expect(typing.form.rows.find((row) => row.key === 'outDir')).toMatchObject({ value: 'out▏', editing: true });
  });
});

describe("the cost screen's model, key by key", () => {
  it('saves a setting typed into the form, and prices the trace again with it', () => {
    const settings = memorySettings();
    const model = createCost({ settings, checkOutDir: () => undefined }, trace());
    const before = model.store.getState().entries;
    // To the form, Requests per month, cleared; q and ? are typed like any other key, and refused here.
    expect(typeKeys(model, '\tj\r\x155,000')).toEqual([]);
    expect(model.typing()).toBe(true);
    expect(model.store.getState().editing).toEqual({ key: 'requestsPerMonth', value: '5,000' });
    expect(typeKeys(model, 'q')).toEqual([]);
    expect(model.store.getState().notice?.message).toBe('"q" cannot go into this field');
    typeKeys(model, [ENTER]);
    const state = model.store.getState();
    expect(settings.get().requestsPerMonth).toBe(5000);
    expect(state.settings.requestsPerMonth).toBe(5000);
    // The notice went with the next key; the prices are the new settings'.
    expect(state.notice).toBeUndefined();
    expect(state.entries).toEqual(priceSnapshot(state.snapshot!, state.settings));
    expect(state.entries).not.toEqual(before);
    expect(model.typing()).toBe(false);
  });

  it('a value the setting cannot take is refused with its name, and the edit goes on', () => {
    const settings = memorySettings();
    const model = createCost({ settings, checkOutDir: () => undefined });
    typeKeys(model, 'j\r\x150\r');
    expect(model.store.getState().notice?.message).toBe('Requests per month got "0"');
    expect(model.store.getState().editing).toEqual({ key: 'requestsPerMonth', value: '0' });
    typeKeys(model, [ESC]);
    expect(model.store.getState().editing).toBeUndefined();
    expect(settings.get().requestsPerMonth).toBe(DEFAULT_SETTINGS.requestsPerMonth);
  });

  it('checks the Output folder as it is entered: refused when no file can be made, saved with a warning when shared', () => {
    const settings = memorySettings();
    const checkOutDir = vi.fn((dir: string) => {
      if (dir === '/proc/nope') throw invalidSetting('outDir', dir);
      return dir === 'shared' ? 'world-writable' : undefined;
    });
    const model = createCost({ settings, checkOutDir });
    typeKeys(model, 'G\r\x15/proc/nope\r');
    expect(model.store.getState().notice?.message).toBe('Output folder got "/proc/nope"');
    expect(settings.get().outDir).toBe('traces');
    typeKeys(model, '\x15shared\r');
    expect(settings.get().outDir).toBe('shared');
    expect(model.store.getState().notice?.message).toBe('saved, but that folder is world-writable');
    expect(checkOutDir).toHaveBeenCalledTimes(2);
  });

  it('Enter on the table bills the provider under the cursor; ← → cycle the provider on the form', () => {
    const settings = memorySettings();
    const model = createCost({ settings, checkOutDir: () => undefined }, trace());
    const rows = model.store.getState().entries.map((e) => e.provider);
    typeKeys(model, 'g\r');
    expect(settings.get().provider).toBe(rows[0]);
    const providers = knownProviders();
    typeKeys(model, [press('', { tab: true }), press('', { rightArrow: true })]);
    expect(settings.get().provider).toBe(providers[(providers.indexOf(rows[0]!) + 1) % providers.length]);
    typeKeys(model, 'jj\r');
    expect(settings.get().freeTier).toBe(true);
  });

  it('follows the settings and the trace only while watched, a live run at most once an interval', () => {
    vi.useFakeTimers();
    const settings = memorySettings();
    const recorded = trace().getSnapshot();
    let snapshot: SessionSnapshot = recorded;
    const listeners = new Set<() => void>();
    const source: TraceSource = {
      rerunnable: false,
      subscribe(listener) {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
      getSnapshot: () => snapshot,
      start: () => undefined,
      stop: async () => undefined,
    };
    const price = vi.fn(priceSnapshot);
    const pricing: CostPricing = { providers: knownProviders, price, invocations: priceInvocations };
    const model = createCost({ settings, checkOutDir: () => undefined }, source, pricing);
    expect(settings.listeners.size).toBe(0);
    expect(listeners.size).toBe(0);

    const stop = model.store.subscribe(() => undefined);
    expect([settings.listeners.size, listeners.size]).toEqual([1, 1]);
    settings.set('freeTier', true);
    expect(model.store.getState().settings.freeTier).toBe(true);
    price.mockClear();
    // Ten batches at once: the first priced at once, the rest once at the end of the interval.
    for (let i = 0; i < 10; i++) {
      snapshot = { ...recorded, samples: i };
      listeners.forEach((listener) => listener());
    }
    expect(price).toHaveBeenCalledOnce();
    vi.advanceTimersByTime(50);
    expect(price).toHaveBeenCalledTimes(2);
    expect(model.store.getState().snapshot).toBe(snapshot);

    stop();
    expect([settings.listeners.size, listeners.size]).toEqual([0, 0]);
    // Saved while nobody watched: the next watcher sees it.
    settings.set('requestsPerMonth', 42);
    model.store.subscribe(() => undefined);
    expect(model.store.getState().settings.requestsPerMonth).toBe(42);
  });
});
