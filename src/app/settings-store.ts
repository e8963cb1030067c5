import Conf from 'conf';
import { configDir } from '../infra/config-dir.js';
import { DEFAULT_SETTINGS, invalidSetting, isValid, type SettingKey, type Settings, type SettingsStore } from './settings.js';

/**
 * The typed door to conf: values are checked on the way in and on the way out.
 * The file sits beside the user's provider files (FUNCTRACER_CONFIG_DIR, or
 * ~/.config/functracer), so tests point the variable at a folder of their own.
 */
export function openSettings(dir: string = configDir()): SettingsStore {
  const conf = new Conf<Partial<Settings>>({ cwd: dir, configName: 'settings' });
  const listeners = new Set<(settings: Settings) => void>();
  const read = (): Settings => {
    const stored = conf.store;
    // A hand-edited file with a bad value loses that value only, not the rest.
    const pick = <K extends SettingKey>(key: K): Settings[K] =>
      isValid(key, stored[key]) ? (stored[key] as Settings[K]) : DEFAULT_SETTINGS[key];
    return {
      provider: pick('provider'),
      requestsPerMonth: pick('requestsPerMonth'),
      freeTier: pick('freeTier'),
      intervalMs: pick('intervalMs'),
      outDir: pick('outDir'),
      runOn: pick('runOn'),
    };
  };
  return {
    path: conf.path,
    get: read,
    set(key, value) {
      if (!isValid(key, value)) throw invalidSetting(key, String(value));
      conf.set(key, value);
      const now = read();
      listeners.forEach((listener) => listener(now));
      return now;
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
