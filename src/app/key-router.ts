import type { Key } from 'ink';
import { createContext } from 'react';
import type { Binding } from './key-bindings.js';

/** A screen's key table: its own bindings, and the ones every screen shares (back, help, quit). */
export interface ScreenBindings {
  own: readonly Binding[];
  shared: readonly Binding[];
}

export interface KeyTarget {
  /** Read when a key comes, so it reflects the latest render. */
  isActive(): boolean;
  receive(input: string, key: Key): void;
  /** As of the latest render, for the help overlay. */
  bindings(): ScreenBindings;
}

/**
 * One keyboard listener for the whole app, handing each key to the screen on
 * top. Screens come and go with navigation, and Ink subscribes a screen's own
 * listener a moment after it is drawn: a key typed in that moment was lost.
 * Here a screen is reachable from its first render.
 */
export class KeyRouter {
  private targets = new Set<KeyTarget>();

  add(target: KeyTarget): void {
    this.targets.add(target);
  }

  delete(target: KeyTarget): void {
    this.targets.delete(target);
  }

  /** The newest active screen gets the key: screens stack, so the one added last is on top. False when no screen could take it. */
  dispatch(input: string, key: Key): boolean {
    const top = [...this.targets].reverse().find((target) => target.isActive());
    top?.receive(input, key);
    return top !== undefined;
  }

  /** The keys of the screen on top, active or not: while help is open no screen is active, and help shows the top one's. */
  topBindings(): ScreenBindings | undefined {
    return [...this.targets].at(-1)?.bindings();
  }
}

/** Present inside <App>; a screen rendered on its own (tests, `functracer run`) listens for itself. */
export const KeyRouterContext = createContext<KeyRouter | undefined>(undefined);
