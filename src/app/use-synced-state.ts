import { useCallback, useRef, useState } from 'react';

/**
 * State that a key handler can read back at once. Keys sent in a burst (a
 * paste, tmux send-keys, arrows held down) can arrive before React renders
 * again; read through `get`, each key sees what the key before it did.
 */
export function useSyncedState<T>(initial: T): [T, () => T, (next: T | ((previous: T) => T)) => void] {
  const ref = useRef(initial);
  const [value, setValue] = useState(initial);
  const get = useCallback(() => ref.current, []);
  const set = useCallback((next: T | ((previous: T) => T)) => {
    ref.current = typeof next === 'function' ? (next as (previous: T) => T)(ref.current) : next;
    setValue(ref.current);
  }, []);
  return [value, get, set];
}
