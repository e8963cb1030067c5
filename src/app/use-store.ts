import { useSyncExternalStore } from 'react';
import type { Store } from './screens/store.js';

/** The store's state, drawn again whenever it changes: how a view reads its screen's model. */
export function useStore<S>(store: Pick<Store<S, never>, 'getState' | 'subscribe'>): S {
  return useSyncExternalStore(store.subscribe, store.getState);
}
