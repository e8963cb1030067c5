import { useEffect, useState } from 'react';

/** Anything with a current value and change notifications, like a TraceSession. */
export interface Observable<T> {
  subscribe(listener: () => void): () => void;
  getSnapshot(): T;
}

/** 50 ms between redraws: at most 20 a second, as lazydocker coalesces its refreshes. */
const REDRAW_INTERVAL_MS = 50;

/**
 * Follows a source that may change a thousand times a second and re-renders at
 * most once per interval: the first change after a quiet spell draws at once,
 * later ones are coalesced into one draw at the end of the interval.
 */
export function useThrottled<T>(source: Observable<T>, intervalMs: number = REDRAW_INTERVAL_MS): T {
  const [value, setValue] = useState(() => source.getSnapshot());
  useEffect(() => {
    let timer: NodeJS.Timeout | undefined;
    let last = 0;
    const flush = () => {
      timer = undefined;
      last = Date.now();
      setValue(source.getSnapshot());
    };
    const onChange = () => {
      if (timer) return;
      const wait = last + intervalMs - Date.now();
      if (wait <= 0) flush();
      else timer = setTimeout(flush, wait);
    };
    const unsubscribe = source.subscribe(onChange);
    // A change between the first render and this effect would otherwise wait for the next one.
    if (source.getSnapshot() !== value) onChange();
    return () => {
      unsubscribe();
      if (timer) clearTimeout(timer);
    };
    // `value` is read once to catch up; following it would resubscribe on every draw.
  }, [source, intervalMs]);
  return value;
}
