import type { CostEntry } from '../../../ops/price-result.js';
import type { KeyPress } from '../../key-split.js';
import { screenError } from '../../screen-error.js';
import { knownProviders, priceInvocations, priceSnapshot, type InvokedPricing } from '../../screen-pricing.js';
import type { AppServices } from '../../services.js';
import { parseSetting, settingRule, type SettingKey, type Settings } from '../../settings.js';
import { editField } from '../../text-edit.js';
import type { SessionSnapshot, TraceSource } from '../../trace-session.js';
import { keyedModel, type ScreenModel } from '../screen-model.js';
import { createStore, type Store } from '../store.js';
import { followThrottled, whileWatched } from '../follow.js';
import { costKeys, type CostIntent } from './keys.js';
import { reduceCost, type CostAction } from './reduce.js';
import { chosenProvider, fieldAt, initialCost, isCycled, settingText, type CostState } from './state.js';

type CostServices = Pick<AppServices, 'settings' | 'checkOutDir'>;

/**
 * How the screen prices: the providers it knows, and every provider's price for a snapshot with the settings; an
 * invoked function's trace per invocation (`invocations` answers undefined for the trace of one run).
 */
export interface CostPricing {
  providers(): string[];
  price(snapshot: SessionSnapshot, settings: Settings): CostEntry[];
  invocations(snapshot: SessionSnapshot, settings: Settings): InvokedPricing | undefined;
}

const PRICING: CostPricing = { providers: knownProviders, price: priceSnapshot, invocations: priceInvocations };

/** A snapshot's prices: per invocation for an invoked function (never as one long run), else as one run. */
function priceWith(pricing: CostPricing, snapshot: SessionSnapshot, settings: Settings) {
  const invoked = pricing.invocations(snapshot, settings);
  return invoked ? { entries: [], invoked } : { entries: pricing.price(snapshot, settings) };
}

export interface CostModel extends ScreenModel {
  /** Its state; watching it follows the settings and the trace (a live run's, at most 20 times a second). */
  store: Store<CostState, CostAction>;
  /** The rows the screen has (a page moves half of them), and its width (an invoked function's table wraps to it). */
  resize(rows: number, width?: number): void;
}

const sameSettings = (a: Settings, b: Settings) => (Object.keys(a) as SettingKey[]).every((key) => a[key] === b[key]);

/**
 * The cost screen as a model: `source` is the trace to price (the trace screen's), absent when opened from home.
 * Settings are read and saved through `services.settings`; what saving refuses is the screen's notice.
 */
export function createCost(services: CostServices, source?: TraceSource, pricing: CostPricing = PRICING): CostModel {
  const settings = services.settings.get();
  const snapshot = source?.getSnapshot();
  const base = createStore(
    reduceCost,
    initialCost({
      settings,
      settingsPath: services.settings.path,
      providers: pricing.providers(),
      ...(snapshot ? { snapshot, ...priceWith(pricing, snapshot, settings) } : { entries: [] }),
    }),
  );
  const { dispatch, getState } = base;
  const priced = (snapshot: SessionSnapshot) =>
    dispatch({ type: 'priced', snapshot, ...priceWith(pricing, snapshot, getState().settings) });
  const settled = (settings: Settings) => {
    const state = getState();
    const path = services.settings.path;
    if (sameSettings(settings, state.settings) && path === state.settingsPath) return;
    dispatch({ type: 'settings', settings, path });
    if (state.snapshot) priced(state.snapshot);
  };
  const store = whileWatched(base, () => {
    // What changed while nobody watched: the settings saved elsewhere, the run gone on.
    settled(services.settings.get());
    if (source && source.getSnapshot() !== getState().snapshot) priced(source.getSnapshot());
    const stopSettings = services.settings.subscribe(settled);
    const stopSource = source ? followThrottled(source, priced).stop : () => undefined;
    return () => {
      stopSettings();
      stopSource();
    };
  });
  /** Whether it was saved; if not, the notice says why. */
  const save = <K extends SettingKey>(key: K, value: () => Settings[K]): boolean => {
    try {
      settled(services.settings.set(key, value()));
      return true;
    } catch (error) {
      dispatch({ type: 'notice', notice: screenError(error) });
      return false;
    }
  };
  const cycle = (step: number) => {
    const state = getState();
    const { settings, providers } = state;
    const field = fieldAt(state);
    if (field === 'freeTier') save('freeTier', () => !settings.freeTier);
    if (field === 'provider' && providers.length > 0)
      save('provider', () => providers[(providers.indexOf(settings.provider) + step + providers.length) % providers.length]!);
  };
  const type = ({ input, key }: KeyPress) => {
    const { editing } = getState();
    if (!editing) return;
    const rule = settingRule(editing.key);
    let warning: string | undefined;
    // A folder where no file can be made is refused here, and the edit goes on, rather than failing every run later.
    const check = (text: string) => {
      rule.check?.(text);
      if (editing.key === 'outDir') warning = services.checkOutDir(text.trim());
    };
    const edit = editField(editing.value, input, key, { ...rule, check });
    if (edit.refused) dispatch({ type: 'notice', notice: edit.refused });
    if (edit.done === 'commit' && save(editing.key, () => parseSetting(editing.key, edit.value)) && warning)
      dispatch({ type: 'notice', notice: { message: `saved, but that folder is ${warning}`, bug: false } });
    dispatch({ type: 'editing', editing: edit.done ? undefined : { key: editing.key, value: edit.value } });
  };
  const run = (intent: CostIntent): void => {
    const state = getState();
    switch (intent.type) {
      case 'choose': {
        const chosen = chosenProvider(state);
        if (chosen) save('provider', () => chosen);
        return;
      }
      case 'change': {
        const field = fieldAt(state);
        if (isCycled(field)) return cycle(1);
        // Numbers are edited without their grouping commas.
        return dispatch({ type: 'editing', editing: { key: field, value: settingText(state.settings, field).replace(/,/g, '') } });
      }
      case 'cycle':
        return cycle(intent.step);
      case 'type':
        return type(intent);
      default:
        return dispatch(intent);
    }
  };
  return {
    ...keyedModel({ getState, keys: costKeys, run, beforeKey: () => dispatch({ type: 'forget' }) }),
    store,
    resize: (rows, width) => dispatch({ type: 'page', rows: Math.max(1, Math.floor(rows / 2)), ...(width ? { width } : {}) }),
  };
}
