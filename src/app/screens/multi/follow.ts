import type { Store } from '../store.js';

/** 50 ms between redraws: at most 20 a second, as lazydocker coalesces its refreshes. */
const REDRAW_INTERVAL_MS = 50;

/**
 * Calls `flush` at most once an interval for changes that may come a thousand times a second: the first change
 * after a quiet spell at once, later ones together at the end of the interval.
 */
export function throttled(flush: () => void, intervalMs = REDRAW_INTERVAL_MS): { changed(): void } {
  let timer: NodeJS.Timeout | undefined;
  let last = 0;
  const run = () => {
    timer = undefined;
    last = Date.now();
    flush();
  };
  return {
    changed() {
      if (timer) return;
      const wait = last + intervalMs - Date.now();
      if (wait <= 0) run();
      else timer = setTimeout(run, wait);
    },
  };
}

/**
 * The store, following what outlives it (the settings) only while a view reads it: the first view to subscribe
 * calls `follow`, the last to leave stops it. A screen taken off the stack is then held by nothing.
 */
export function whileViewed<S, A>(store: Store<S, A>, follow: () => () => void): Store<S, A> {
  let viewers = 0;
  let stop: (() => void) | undefined;
  return {
    ...store,
    subscribe(listener) {
      const unsubscribe = store.subscribe(listener);
      if (viewers++ === 0) stop = follow();
      let left = false;
      return () => {
        if (left) return;
        left = true;
        unsubscribe();
        if (--viewers === 0) stop?.();
      };
    },
  };
}
