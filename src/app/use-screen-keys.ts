import { useInput, type Key } from 'ink';
import { useContext, useLayoutEffect, useRef } from 'react';
import { findBinding, type Binding } from './key-bindings.js';
import { KeyRouterContext, type KeyTarget, type ScreenBindings } from './key-router.js';
import { splitKeys } from './key-split.js';
import { useKeyQueue } from './use-key-queue.js';

/** A one-line text field the screen is editing. */
interface TextField {
  /**
   * The field has focus: every key goes to it, Esc and q included (Ctrl-C
   * still quits). A function is asked at each key, so a key right after the
   * one that opened the field, before the next render, goes to the field too.
   */
  focused: boolean | (() => boolean);
  /** Each key while the field has focus; Enter and Esc end the edit. */
  onKey: (input: string, key: Key) => void;
  /** What Enter does to the text, for the bar: `keep`, `save`. */
  commit: string;
}

export interface ScreenKeys {
  /** False while an overlay (help) has the keyboard, or another screen is on top. */
  active: boolean;
  /** The screen's own keys, most needed first: the status bar tightens when short of room, and drops hints from the end only past that. */
  bindings: readonly Binding[];
  /** Absent on screens without text fields. */
  field?: TextField;
  /**
   * Every key but quit and help, before its binding runs or when none does:
   * what the last key left on screen (a notice, "saved to …") is forgotten.
   */
  beforeKey?: (input: string, key: Key) => void;
  /** Absent where there is nowhere to go back to. */
  onBack?: () => void;
  onQuit: () => void;
  /** Absent, ? is no key: the standalone screen of `functracer run` has no help to show. */
  onHelp?: () => void;
}

/**
 * The keys that mean the same on every screen, after the screen's own so
 * that a screen may give Esc a meaning first (closing a filter, say). Ctrl-C
 * quits like q, so a run is stopped and its container removed instead of Ink
 * tearing the app down mid-run.
 */
function sharedBindings(keys: ScreenKeys): { back: Binding[]; shell: Binding[] } {
  return {
    back: keys.onBack
      ? [{ keys: ['escape', 'backspace'], show: 'Esc', label: 'back', help: 'back to the screen before', run: keys.onBack }]
      : [],
    shell: [
      ...(keys.onHelp ? [{ keys: ['?'], label: 'help', help: 'this help', run: keys.onHelp } satisfies Binding] : []),
      { keys: ['q'], label: 'quit', help: 'quit (a run is stopped and its container removed)', run: keys.onQuit },
      { keys: ['ctrl-c'], help: 'quit, even while typing in a field', run: keys.onQuit },
    ],
  };
}

const isEditing = (keys: ScreenKeys) => (typeof keys.field?.focused === 'function' ? keys.field.focused() : Boolean(keys.field?.focused));

/** The bindings in force now: the screen's own, then the shared ones; while a field has focus, the field's. */
function tables(keys: ScreenKeys, editing: boolean): { own: readonly Binding[]; shell: Binding[]; back: Binding[] } {
  if (!editing || !keys.field) return { own: keys.bindings, ...sharedBindings(keys) };
  const edit = keys.field.onKey;
  return {
    own: [
      { keys: ['return'], label: keys.field.commit, help: `${keys.field.commit} the text`, run: edit },
      { keys: ['escape'], label: 'cancel', help: 'cancel the edit', run: edit },
    ],
    shell: [{ keys: ['ctrl-c'], label: 'quit', help: 'quit', run: keys.onQuit }],
    back: [],
  };
}

function dispatch(keys: ScreenKeys, input: string, key: Key): void {
  const editing = isEditing(keys);
  const { own, shell, back } = tables(keys, editing);
  const binding = findBinding([...own, ...back, ...shell], input, key);
  // Quitting and help leave the screen as it was: a notice is still there when help closes.
  if (!binding || !shell.includes(binding)) keys.beforeKey?.(input, key);
  if (binding) binding.run(input, key);
  else if (editing) keys.field?.onKey(input, key);
}

/**
 * Hands the keys to the screen's bindings and the shared ones, one key at a
 * time as the user typed them. Returns the bindings in force, for the status bar.
 */
export function useScreenKeys(keys: ScreenKeys): Binding[] {
  const router = useContext(KeyRouterContext);
  const latest = useRef(keys);
  latest.current = keys;
  // A key before this one may have opened another screen: then it is that screen's.
  const give = useKeyQueue((press) =>
    latest.current.active ? dispatch(latest.current, press.input, press.key) : router?.dispatch(press.input, press.key),
  );
  const target = useRef<KeyTarget>({
    isActive: () => latest.current.active,
    receive: (input, key) => give(splitKeys(input, key)),
    bindings: (): ScreenBindings => {
      const { back, shell } = sharedBindings(latest.current);
      return { own: latest.current.bindings, shared: [...back, ...shell] };
    },
  }).current;
  // A layout effect runs in the commit itself, before any key can arrive, so a fresh screen misses none;
  // registering while rendering would leave renders React throws away registered for ever.
  useLayoutEffect(() => {
    router?.add(target);
    return () => router?.delete(target);
  }, [router, target]);
  useInput(
    (input, key) => {
      if (latest.current.active) target.receive(input, key);
    },
    { isActive: keys.active && !router },
  );
  const { own, back, shell } = tables(keys, isEditing(keys));
  return [...own, ...back, ...shell];
}
