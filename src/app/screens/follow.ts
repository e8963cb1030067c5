import type { Observable } from '../use-throttled.js';
import type { Store } from './store.js';

/** 50 ms between redraws: at most 20 a second, as lazydocker coalesces its refreshes. */
const REDRAW_INTERVAL_MS = 50;

/**
 * Hands `take` what a source that may change a thousand times a second says, at most once an interval: the first
 * change after a quiet spell at once, later ones coalesced into one at the end of the interval. The returned
 * function stops following.
 */
export function followThrottled<T>(source: Observable<T>, take: (value: T) => void, intervalMs = REDRAW_INTERVAL_MS): () => void {
  let timer: NodeJS.Timeout | undefined;
  let last = 0;
  const flush = () => {
    timer = undefined;
    last = Date.now();
    take(source.getSnapshot());
  };
  const unsubscribe = source.subscribe(() => {
    if (timer) return;
    const wait = last + intervalMs - Date.now();
    if (wait <= 0) flush();
    else timer = setTimeout(flush, wait);
  });
  return () => {
    unsubscribe();
    clearTimeout(timer);
  };
}

/**
 * The store, following what `watch` starts only while a view reads it: the first subscriber starts it, the last to
 * leave stops it. A screen left for good so stops listening to the long-lived stores (settings, engine) and to a
 * live run's batches, which would otherwise keep it alive, and catches up when it is watched again.
 */
export function whileWatched<S, A>(store: Store<S, A>, watch: () => () => void): Store<S, A> {
  let watchers = 0;
  let stop: (() => void) | undefined;
  return {
    ...store,
    subscribe(listener) {
      const unsubscribe = store.subscribe(listener);
      if (watchers++ === 0) stop = watch();
      let gone = false;
      return () => {
        if (gone) return;
        gone = true;
        unsubscribe();
        if (--watchers === 0) stop?.();
      };
    },
  };
}
