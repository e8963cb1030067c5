import type { Observable, Store } from './store.js';

/** 50 ms between redraws: at most 20 a second, as lazydocker coalesces its refreshes. */
const REDRAW_INTERVAL_MS = 50;

export interface Following {
  /** Takes what the source says now, at once: after a key started or stopped something, or before a key reads it. */
  sync(): void;
  stop(): void;
}

/**
 * Hands `take` what a source that may change a thousand times a second says, at most once an interval: the first
 * change after a quiet spell at once, later ones coalesced into one at the end of the interval. A change the keys
 * depend on (`urgent`: a run started or ended, a question asked) goes at once, so a key never reads an old one.
 */
export function followThrottled<T>(
  source: Observable<T>,
  take: (value: T) => void,
  options: { urgent?: (taken: T, now: T) => boolean; intervalMs?: number } = {},
): Following {
  const intervalMs = options.intervalMs ?? REDRAW_INTERVAL_MS;
  let taken = source.getSnapshot();
  let timer: NodeJS.Timeout | undefined;
  let last = 0;
  const sync = () => {
    clearTimeout(timer);
    timer = undefined;
    last = Date.now();
    taken = source.getSnapshot();
    take(taken);
  };
  const unsubscribe = source.subscribe(() => {
    if (options.urgent?.(taken, source.getSnapshot())) return sync();
    if (timer) return;
    const wait = last + intervalMs - Date.now();
    if (wait <= 0) sync();
    else timer = setTimeout(sync, wait);
  });
  return {
    sync,
    stop() {
      unsubscribe();
      clearTimeout(timer);
    },
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
