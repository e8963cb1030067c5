import type { Observable } from '../../use-throttled.js';

/** 50 ms between snapshots told: at most 20 redraws a second, as `useThrottled` draws. */
const TOLD_EVERY_MS = 50;

/**
 * Tells `onSnapshot` what a session that may change a thousand times a second says, at most once an interval:
 * the first change after a quiet spell at once, later ones in one at the end of the interval. A change the keys
 * depend on (`urgent`: a run started or ended, a question asked) is told at once, so a key never reads an old one.
 */
export function followSession<T>(
  session: Observable<T>,
  onSnapshot: (snapshot: T) => void,
  urgent: (told: T, now: T) => boolean,
  intervalMs = TOLD_EVERY_MS,
): () => void {
  let told = session.getSnapshot();
  let timer: NodeJS.Timeout | undefined;
  let last = 0;
  const tell = () => {
    clearTimeout(timer);
    timer = undefined;
    last = Date.now();
    told = session.getSnapshot();
    onSnapshot(told);
  };
  const stop = session.subscribe(() => {
    if (urgent(told, session.getSnapshot())) return tell();
    if (timer) return;
    const wait = last + intervalMs - Date.now();
    if (wait <= 0) tell();
    else timer = setTimeout(tell, wait);
  });
  return () => {
    stop();
    clearTimeout(timer);
  };
}
