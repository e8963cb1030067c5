import { UserError } from '../core/errors.js';
import { MAX_REQUESTS } from '../core/cost/price-run.js';
import { DEFAULT_INTERVAL_MS, INTERVAL_RANGE_MS } from '../tracer/cgroup/sampler.js';
import type { FieldRule } from './text-edit.js';

/** What the TUI remembers between sessions. */
export interface Settings {
  /** The provider whose billing the live-trace screen draws. */
  provider: string;
  requestsPerMonth: number;
  freeTier: boolean;
  /** The cgroup sampling interval, ms. */
  intervalMs: number;
  /** Where traces are written, relative to the working directory unless absolute. */
  outDir: string;
  /**
   * Where multi-runs go: `here` (this machine's engine), `swarm` (the nodes of the swarm DOCKER_HOST manages, which
   * hold the images), or `swarm HOST:PORT` (the images pushed to that registry for the nodes to pull).
   */
  runOn: string;
}

export type SettingKey = keyof Settings;

export const DEFAULT_SETTINGS: Readonly<Settings> = {
  provider: 'aws-lambda-x86',
  requestsPerMonth: 1_000_000,
  freeTier: false,
  intervalMs: DEFAULT_INTERVAL_MS,
  outDir: 'traces',
  runOn: 'here',
};

export const SETTING_LABELS: Record<SettingKey, string> = {
  provider: 'Provider',
  requestsPerMonth: 'Requests per month',
  freeTier: 'Free tier',
  intervalMs: 'Sampling interval (ms)',
  outDir: 'Output folder',
  runOn: 'Multi-runs run on',
};

export interface SettingsStore {
  /** The settings file, so messages can name it. */
  readonly path: string;
  get(): Settings;
  set<K extends SettingKey>(key: K, value: Settings[K]): Settings;
  subscribe(listener: (settings: Settings) => void): () => void;
}

/**
 * A store that answers at once with the defaults and switches to the saved
 * settings when `load` resolves, telling subscribers. The TUI draws its first
 * frame without waiting for conf (and the JSON-schema validator it brings).
 */
export function lazySettings(load: () => Promise<SettingsStore>): SettingsStore & { ready: Promise<void> } {
  let store: SettingsStore | undefined;
  let failure: string | undefined;
  const listeners = new Set<(settings: Settings) => void>();
  const ready = load().then(
    (loaded) => {
      store = loaded;
      loaded.subscribe((settings) => listeners.forEach((listener) => listener(settings)));
      const now = loaded.get();
      listeners.forEach((listener) => listener(now));
    },
    // An unreadable settings folder leaves the defaults in place; saving says why it cannot.
    (error: unknown) => {
      failure = error instanceof Error ? error.message : String(error);
    },
  );
  return {
    ready,
    get path() {
      return store?.path ?? '';
    },
    get: () => store?.get() ?? { ...DEFAULT_SETTINGS },
    set(key, value) {
      if (failure !== undefined)
        throw new UserError(
          `the settings cannot be saved: ${failure}`,
          'Check that the config folder (FUNCTRACER_CONFIG_DIR or ~/.config/functracer) is writable',
        );
      if (!store) throw new UserError('the settings are still being read', 'Try again in a moment');
      return store.set(key, value);
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

export function isValid(key: SettingKey, value: unknown): boolean {
  switch (key) {
    case 'provider':
    case 'outDir':
      return typeof value === 'string' && value.trim() !== '';
    case 'freeTier':
      return typeof value === 'boolean';
    case 'requestsPerMonth':
      return typeof value === 'number' && Number.isInteger(value) && value > 0 && value <= MAX_REQUESTS;
    case 'intervalMs':
      return typeof value === 'number' && Number.isFinite(value) && value >= INTERVAL_RANGE_MS.min && value <= INTERVAL_RANGE_MS.max;
    case 'runOn':
      return typeof value === 'string' && RUN_ON.test(value);
  }
}

const HINTS: Record<SettingKey, string> = {
  provider: 'Pick one of the listed providers',
  requestsPerMonth: 'Give a whole number from 1 to 10^15, such as 1000000',
  freeTier: 'Use yes or no',
  intervalMs: 'Give a number of ms from 0.1 to 10000, such as 0.9',
  outDir: 'Give a folder, such as traces',
  runOn: 'Use here, swarm, or swarm HOST:PORT (a registry the nodes pull from)',
};

/** As stored: `here`, `swarm`, or `swarm HOST:PORT` (the registry as --registry takes it). */
const RUN_ON = /^(here|swarm|swarm [A-Za-z0-9.-]+:\d{1,5})$/;

/** Where multi-runs go, from the setting: undefined for this machine, else the swarm and its registry if any. */
export function swarmOf(settings: Pick<Settings, 'runOn'>): { registry?: string } | undefined {
  const [where, registry] = settings.runOn.split(' ');
  if (where !== 'swarm') return undefined;
  return registry ? { registry } : {};
}

export function invalidSetting(key: SettingKey, text: string): UserError {
  return new UserError(`${SETTING_LABELS[key]} got ${JSON.stringify(text)}`, HINTS[key]);
}

/** Turns what the user typed into a setting's value, or says which setting was wrong and what was given. */
export function parseSetting<K extends SettingKey>(key: K, text: string): Settings[K] {
  const trimmed = text.trim();
  let value: unknown = trimmed;
  // People type 1,000,000 or 1_000_000 for a million requests.
  if (key === 'requestsPerMonth' || key === 'intervalMs') value = trimmed === '' ? NaN : Number(trimmed.replace(/[_,]/g, ''));
  if (key === 'freeTier') value = /^(y|yes|true|on|1)$/i.test(trimmed) ? true : /^(n|no|false|off|0)$/i.test(trimmed) ? false : undefined;
  // As the form shows it too: "this machine", "swarm, registry HOST:PORT".
  if (key === 'runOn')
    value = /^(here|this machine)$/i.test(trimmed)
      ? 'here'
      : trimmed.replace(/^swarm,?\s+(registry\s+)?/i, 'swarm ').replace(/^swarm$/i, 'swarm');
  if (!isValid(key, value)) throw invalidSetting(key, text);
  return value as Settings[K];
}

/** What the cost screen's fields take as they are typed; the rest of the check is parseSetting's. */
export function settingRule(key: SettingKey): FieldRule {
  // As parseSetting reads them: grouping commas and underscores in both numbers.
  const chars = key === 'requestsPerMonth' ? /[0-9,_ ]/ : key === 'intervalMs' ? /[0-9.,_ ]/ : /./;
  return {
    chars,
    takes: HINTS[key].replace(/^(Give|Use|Pick) /, '').replace(/^one of/, 'one of'),
    check: (text) => void parseSetting(key, text),
  };
}
