import type { CostEntry } from '../../../ops/price-result.js';
import type { ScreenError } from '../../screen-error.js';
import type { SettingKey, Settings } from '../../settings.js';
import type { InvokedPricing } from '../../screen-pricing.js';
import type { SessionSnapshot } from '../../trace-session.js';
import { invokedTable } from './invoked.js';

type CostPane = 'providers' | 'settings';

/** The settings the form shows, one a row, in this order. */
export const SETTING_FIELDS: readonly SettingKey[] = ['provider', 'requestsPerMonth', 'freeTier', 'intervalMs', 'runOn', 'outDir'];

/** The cost screen: the trace priced on every provider, and the settings that price it. */
export interface CostState {
  /** The trace as its source last said; absent, there is no trace and only the settings are shown. */
  snapshot?: SessionSnapshot;
  /** Every provider's price for the trace with the settings, cheapest first: the table's rows, in the cursor's order. */
  entries: CostEntry[];
  /** An invoked function's trace, priced per invocation as `cost --trace` prices it (`entries` is then empty). */
  invoked?: InvokedPricing;
  /** The provider ids the settings can choose from. */
  providers: readonly string[];
  settings: Settings;
  /** Where the settings are kept, so the user knows what is being changed. */
  settingsPath: string;
  pane: CostPane;
  selected: Record<CostPane, number>;
  editing?: { key: SettingKey; value: string };
  /** What the last key could not do (or did with a warning), until the next key. */
  notice?: ScreenError;
  /** Rows a page moves. */
  page: number;
  /** The screen's width as last drawn: an invoked function's table wraps to it, and the cursor moves over its lines. */
  width: number;
}

interface CostStart {
  settings: Settings;
  settingsPath: string;
  providers: readonly string[];
  snapshot?: SessionSnapshot;
  entries: CostEntry[];
  invoked?: InvokedPricing;
}

/** The screen as it opens: on the table with the chosen provider under the cursor, or on the settings without a trace. */
export function initialCost({ settings, settingsPath, providers, snapshot, entries, invoked }: CostStart): CostState {
  const rows = invoked ? invokedTable(invoked, 80).lines : entries;
  const chosen = rows.findIndex((row) => row.provider === settings.provider);
  return {
    ...(snapshot ? { snapshot } : {}),
    entries,
    ...(invoked ? { invoked } : {}),
    providers,
    settings,
    settingsPath,
    pane: snapshot ? 'providers' : 'settings',
    selected: { providers: Math.max(0, chosen), settings: 0 },
    page: 10,
    width: 80,
  };
}

/** Rows in a pane: the providers priced, or the settings. */
export function costPaneLength(state: CostState, pane: CostPane): number {
  return pane === 'providers' ? tableRows(state).length : SETTING_FIELDS.length;
}

/** The table's lines the cursor moves over: a run's providers, or an invoked function's rows and the notes under them. */
function tableRows(state: CostState): readonly { provider?: string }[] {
  return state.invoked ? invokedTable(state.invoked, state.width).lines : state.entries;
}

/** The provider under the cursor in the table, read clamped as drawn; none on a note under an invoked function's table. */
export function chosenProvider(state: CostState): string | undefined {
  const rows = tableRows(state);
  return rows[Math.min(state.selected.providers, rows.length - 1)]?.provider;
}

/** Whether Enter on the table can bill that provider: an entry for a broken provider file names no provider to pick. */
export function canChoose(state: CostState): boolean {
  const chosen = chosenProvider(state);
  return state.pane === 'providers' && chosen !== undefined && state.providers.includes(chosen);
}

export function fieldAt(state: CostState): SettingKey {
  return SETTING_FIELDS[Math.min(state.selected.settings, SETTING_FIELDS.length - 1)]!;
}

/** A setting as the form shows it: yes or no, a million with its commas. */
export function settingText(settings: Settings, key: SettingKey): string {
  const value = settings[key];
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (key === 'requestsPerMonth') return Number(value).toLocaleString('en-US');
  if (key === 'runOn') return value === 'here' ? 'this machine' : String(value).replace(/^swarm /, 'swarm, registry ');
  return String(value);
}

/** Settings the user cycles through rather than types. */
export const isCycled = (key: SettingKey) => key === 'provider' || key === 'freeTier';

/** What Enter does on the selected setting, said under the form. */
export function settingNote(key: SettingKey, editing: boolean): string {
  if (editing) return 'Enter saves · Esc cancels';
  return isCycled(key) ? '← → or Enter changes it' : 'Enter edits';
}
