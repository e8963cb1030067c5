import { useMemo, useSyncExternalStore } from 'react';
import type { Settings, SettingsStore } from './settings.js';

/**
 * The settings, drawn again when they change. The last settings told are kept, so every render between two
 * changes reads the same object (the store reads its file on each `get`).
 */
export function useSettings(store: SettingsStore): Settings {
  const followed = useMemo(() => {
    let latest: Settings | undefined;
    return {
      subscribe: (changed: () => void) =>
        store.subscribe((settings) => {
          latest = settings;
          changed();
        }),
      get: () => (latest ??= store.get()),
    };
  }, [store]);
  return useSyncExternalStore(followed.subscribe, followed.get);
}
