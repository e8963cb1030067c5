import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { KeyPress } from './key-split.js';

/**
 * Keys handed to `handle` one at a time, each only once the screen has drawn
 * what the key before it did. A handler reads the state of the last render:
 * a key handled before the render its predecessor asked for reads what that
 * key had not yet changed, so in a burst (a paste, tmux send-keys, keys typed
 * while a loaded machine is slow to draw) a filter loses letters and a second
 * `?` or `q` means nothing. Returns the function to give keys to, the same at
 * every render; `handle` may change at each render, and the newest is used.
 */
export function useKeyQueue(handle: (press: KeyPress) => void): (presses: KeyPress[]) => void {
  const latest = useRef(handle);
  latest.current = handle;
  const queue = useRef<KeyPress[]>([]);
  // Each key handed over asks for a render of its own, numbered; the next key waits until that render is committed.
  // Waiting for "an effect" is not enough: under load the effects of the render before a key can run after the key.
  const [drawn, setDrawn] = useState(0);
  const asked = useRef(0);
  const committed = useRef(0);
  const next = useRef(() => {
    const press = queue.current.shift();
    if (!press) return;
    asked.current += 1;
    setDrawn(asked.current);
    latest.current(press);
  }).current;
  // In the commit itself: a key that arrives between the commit and the effects goes straight through.
  useLayoutEffect(() => {
    committed.current = drawn;
  });
  useEffect(() => {
    if (committed.current >= asked.current) next();
  });
  return useRef((presses: KeyPress[]) => {
    // Keys still waiting go first: order is what the user typed.
    queue.current.push(...presses);
    if (committed.current >= asked.current) next();
  }).current;
}
