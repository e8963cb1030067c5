import type { HullSession } from '../../hull-session.js';
import type { Store } from '../store.js';
import type { HullAction } from './reduce.js';
import type { HullState } from './state.js';

/** 50 ms between redraws: at most 20 a second, as `useThrottled` draws the screens that are not models yet. */
const REDRAW_INTERVAL_MS = 50;

/**
 * Tells the store the session's snapshots. Training can change them a thousand times a second, so changes are
 * coalesced as `useThrottled` coalesces redraws: the first after a quiet spell at once, later ones at the end of the
 * interval. A change of `busy` goes at once, since the keys read it: the key after t must not start a second run.
 * `sync` tells the store now, after a key started or stopped something.
 */
export function followHullSession(source: HullSession, { dispatch, getState }: Store<HullState, HullAction>): { sync(): void } {
  let timer: NodeJS.Timeout | undefined;
  let last = 0;
  const sync = () => {
    clearTimeout(timer);
    timer = undefined;
    last = Date.now();
    dispatch({ type: 'session', snapshot: source.getSnapshot(), busy: source.busy });
  };
  source.subscribe(() => {
    if (source.busy !== getState().busy) return sync();
    if (timer) return;
    const wait = last + REDRAW_INTERVAL_MS - Date.now();
    if (wait <= 0) sync();
    else timer = setTimeout(sync, wait);
  });
  return { sync };
}
