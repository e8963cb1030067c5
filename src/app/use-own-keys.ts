import { useInput } from 'ink';
import { useMemo, useRef } from 'react';
import { KeyPath } from './screens/key-path.js';
import { intentOf } from './screens/key-table.js';
import type { ScreenModel } from './screens/screen-model.js';
import { SHELL_KEYS } from './screens/shell/keys.js';

/**
 * Keys for a screen drawn without the App around it (`functracer run`, a component test): Ink's input goes
 * through a `KeyPath` of its own to the screen's model, and q or Ctrl-C that it does not take call `onQuit`.
 * Inside the App the shell's path hands the keys over and this listens to nothing.
 */
export function useOwnKeys(model: ScreenModel, options: { active: boolean; onQuit: () => void; onHelp?: () => void }): void {
  const latest = useRef(options);
  latest.current = options;
  const path = useMemo(
    () =>
      new KeyPath((press) => {
        if (model.key(press)) return;
        const intent = intentOf(SHELL_KEYS, { canGoBack: false, typing: model.typing() }, press);
        if (intent?.type === 'quit') latest.current.onQuit();
        if (intent?.type === 'help') latest.current.onHelp?.();
      }),
    [model],
  );
  useInput((input, key) => path.receive(input, key), { isActive: options.active });
}
