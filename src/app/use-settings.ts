import { useCallback, useEffect, useState } from 'react';
import type { Settings, SettingKey, SettingsStore } from './settings.js';

/** The settings and a setter that saves through the typed store; bad values throw a UserError naming the setting. */
export function useSettings(store: SettingsStore): [Settings, <K extends SettingKey>(key: K, value: Settings[K]) => void] {
  const [settings, setSettings] = useState(() => store.get());
  useEffect(() => {
    setSettings(store.get());
    return store.subscribe(setSettings);
  }, [store]);
  const update = useCallback(
    <K extends SettingKey>(key: K, value: Settings[K]) => {
      store.set(key, value);
    },
    [store],
  );
  return [settings, update];
}
