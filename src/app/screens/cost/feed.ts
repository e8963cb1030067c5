import type { Store } from '../store.js';

/** At most 20 updates a second, as the trace screens redraw (use-throttled.ts): a live run's batches come 50 a second. */
const INTERVAL_MS = 50;

/**
 * Calls `onChange` after the source changes, at most once an interval: the first change after a quiet spell at
 * once, later ones coalesced into one call at the end of the interval. Returns the way to stop listening.
 */
export function followThrottled(
  source: { subscribe(listener: () => void): () => void },
  onChange: () => void,
  intervalMs = INTERVAL_MS,
): () => void {
  let timer: NodeJS.Timeout | undefined;
  let last = 0;
  const flush = () => {
    timer = undefined;
    last = Date.now();
    onChange();
  };
  const stop = source.subscribe(() => {
    if (timer) return;
    const wait = last + intervalMs - Date.now();
    if (wait <= 0) flush();
    else timer = setTimeout(flush, wait);
  });
  return () => {
    stop();
    clearTimeout(timer);
  };
}

/**
 * The store with `feed` running while anyone watches it: the first subscriber starts it, the last to leave stops it.
 * A model made when its screen opens so holds on to nothing (a listener on the settings, a live run's batches)
 * once its view has gone, and catches up when it is watched again.
 */
export function watchedStore<S, A>(store: Store<S, A>, feed: () => () => void): Store<S, A> {
  let watchers = 0;
  let stop: (() => void) | undefined;
  return {
    ...store,
    subscribe(listener) {
      const unsubscribe = store.subscribe(listener);
      if (watchers++ === 0) stop = feed();
      let subscribed = true;
      return () => {
        if (!subscribed) return;
        subscribed = false;
        unsubscribe();
        if (--watchers === 0) stop?.();
      };
    },
  };
}
