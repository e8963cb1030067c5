import { useInput, type Key } from 'ink';
import { useContext, useEffect, useLayoutEffect, useRef, useState } from 'react';
import { KeyRouterContext, type KeyTarget } from './key-router.js';
import { splitKeys, type KeyPress } from './key-split.js';

export interface ScreenKeys {
  /** False while an overlay (help) has the keyboard, or another screen is on top. */
  active: boolean;
  /**
   * A text field has focus: every key goes to it, Esc and q included. A
   * function is asked at each key, so a key right after the one that opened
   * the field, before the next render, goes to the field too.
   */
  editing: boolean | (() => boolean);
  /** The screen's own keys; return true from a back key to keep it (closing a filter, say). */
  onKey: (input: string, key: Key) => boolean | void;
  /** Absent where there is nowhere to go back to. */
  onBack?: () => void;
  onQuit: () => void;
  onHelp: () => void;
}

/** Esc, and Backspace, which most terminals send as DEL (Ink calls that `delete`). */
export function isBackKey(key: Key): boolean {
  return key.escape || key.backspace || key.delete;
}

function dispatch(keys: ScreenKeys, input: string, key: Key): void {
  if (key.ctrl && input === 'c') return keys.onQuit();
  if (typeof keys.editing === 'function' ? keys.editing() : keys.editing) {
    keys.onKey(input, key);
    return;
  }
  if (input === 'q') return keys.onQuit();
  if (input === '?') return keys.onHelp();
  if (isBackKey(key)) {
    if (keys.onKey(input, key) !== true) keys.onBack?.();
    return;
  }
  keys.onKey(input, key);
}

/**
 * The keys that mean the same on every screen (q, ?, Esc/Backspace, Ctrl-C),
 * then the screen's own. Ctrl-C quits like q, so a run is stopped and its
 * container removed instead of Ink tearing the app down mid-run.
 */
export function useScreenKeys(keys: ScreenKeys): void {
  const router = useContext(KeyRouterContext);
  const latest = useRef(keys);
  latest.current = keys;
  // Keys after the first in a burst wait for the commit the one before caused, so each sees the screen as it is then.
  const queue = useRef<KeyPress[]>([]);
  // A key was handed over and the screen has not rendered since: the next key, even one sent on its own, waits for that render.
  const unseen = useRef(false);
  const [, setTick] = useState(0);
  const target = useRef<KeyTarget>({
    isActive: () => latest.current.active,
    receive: (input, key) => {
      const presses = splitKeys(input, key);
      // Keys still waiting from an earlier burst go first: order is what the user typed.
      const first = queue.current.length === 0 && !unseen.current ? presses.shift() : undefined;
      if (first) {
        unseen.current = true;
        dispatch(latest.current, first.input, first.key);
      }
      if (presses.length === 0) return;
      queue.current.push(...presses);
      setTick((n) => n + 1);
    },
  }).current;
  // A layout effect runs in the commit itself, before any key can arrive, so a fresh screen misses none;
  // registering while rendering would leave renders React throws away registered for ever.
  useLayoutEffect(() => {
    router?.add(target);
    return () => router?.delete(target);
  }, [router, target]);
  useEffect(() => {
    unseen.current = false;
    const press = queue.current.shift();
    if (!press) return;
    if (latest.current.active) {
      unseen.current = true;
      dispatch(latest.current, press.input, press.key);
    } else {
      // A key before this one opened another screen: the rest are that screen's.
      const rest = [press, ...queue.current];
      queue.current = [];
      rest.forEach((p) => router?.dispatch(p.input, p.key));
    }
    if (queue.current.length > 0) setTick((n) => n + 1);
  });
  useInput(
    (input, key) => {
      if (latest.current.active) target.receive(input, key);
    },
    { isActive: keys.active && !router },
  );
}
