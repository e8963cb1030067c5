/** Anything with a current value and change notifications, like a TraceSession. */
export interface Observable<T> {
  subscribe(listener: () => void): () => void;
  getSnapshot(): T;
}

/** A screen's state in one place, outside React: keys and actions change it at once, views read it. */
export interface Store<S, A> {
  getState(): S;
  /** Applies the action at once: the next key already sees what this one did. */
  dispatch(action: A): void;
  /** Called after each change; returns the way to stop listening. */
  subscribe(listener: () => void): () => void;
}

/** A store over a pure reducer, as Redux's: the state only ever changes through `reduce`. */
export function createStore<S, A>(reduce: (state: S, action: A) => S, initial: S): Store<S, A> {
  let state = initial;
  const listeners = new Set<() => void>();
  return {
    getState: () => state,
    dispatch(action) {
      const next = reduce(state, action);
      if (next === state) return;
      state = next;
      for (const listener of [...listeners]) listener();
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
