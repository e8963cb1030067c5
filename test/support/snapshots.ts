import type { Observable } from '../../src/app/screens/store.js';

/**
 * Resolves with the first snapshot of `source` that satisfies `check`, looked
 * at now and at every change the source announces: no polling, no pause.
 * Fails after `timeoutMs` (an upper bound only) saying what it waited for.
 */
export function whenSnapshot<T>(source: Observable<T>, check: (snapshot: T) => boolean, what: string, timeoutMs = 20_000): Promise<T> {
  return new Promise((resolve, reject) => {
    const look = () => {
      const snapshot = source.getSnapshot();
      if (!check(snapshot)) return;
      done();
      resolve(snapshot);
    };
    const unsubscribe = source.subscribe(look);
    const timer = setTimeout(() => {
      done();
      reject(new Error(`timed out waiting until ${what}`));
    }, timeoutMs);
    const done = () => {
      unsubscribe();
      clearTimeout(timer);
    };
    look();
  });
}
