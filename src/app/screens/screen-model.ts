import type { BindingInfo } from '../key-bindings.js';
import type { KeyPress } from '../key-split.js';
import { keyToScreen, tableAt, type KeyedScreen } from './key-table.js';
import { sharedAt } from './shell/keys.js';

/** A screen's keys for the status bar and the help: its own table in force, then the shared ones that hold beside it. */
interface ScreenKeyInfo {
  own: BindingInfo[];
  shared: BindingInfo[];
}

/**
 * What the shell needs of a screen past home: a key applied to its store at once, whether a field has the
 * keyboard, and its keys for the help. The route that shows the screen carries it (`model` on the `Route`).
 */
export interface ScreenModel {
  /** Applies the key at once; false when the screen has no use for it, so the shell's keys (back, help, quit) may. */
  key(press: KeyPress): boolean;
  /** While a field has the keyboard every key but Ctrl-C is typed. */
  typing(): boolean;
  keyInfo(canGoBack: boolean): ScreenKeyInfo;
}

/** The `ScreenModel` of a screen whose keys are tables (`KeyedScreen`): keys go to `keyToScreen`, the help reads the tables. */
export function keyedModel<S, I>(screen: KeyedScreen<S, I>): ScreenModel {
  const typing = () => screen.keys.typing?.(screen.getState()) !== undefined;
  return {
    key: (press) => keyToScreen(screen, press),
    typing,
    keyInfo(canGoBack) {
      const state = screen.getState();
      return { own: tableAt(screen.keys.table(state), state), shared: sharedAt({ canGoBack, typing: typing() }) };
    },
  };
}
