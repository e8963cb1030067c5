import { runEstimate } from '../core/estimate.js';
import type { RunResult } from '../tracer/tracer.js';
import type { TuneHooks, TuneRequest } from './tune.js';

/**
 * [size, run] in the order they go: one at a time, each round runs every size once; side by side (--parallel),
 * a size's runs go together, so runs that share the host are of one size.
 */
export function tuneOrder(sizes: number, runs: number, sideBySide: boolean): [number, number][] {
  const all: [number, number][] = [];
  if (sideBySide) for (let at = 0; at < sizes; at++) for (let index = 0; index < runs; index++) all.push([at, index]);
  else for (let index = 0; index < runs; index++) for (let at = 0; at < sizes; at++) all.push([at, index]);
  return all;
}

/**
 * The first run to finish tells how long the rest will take; `onEstimate` may stop there. Until it answered,
 * the other runs wait, so nothing more starts behind a question; a stop or a failure lets them through to end.
 * `onEstimateNote` decides nothing, so nothing waits for it: with --parallel the first runs start together.
 */
export function estimateGate(request: TuneRequest, hooks: TuneHooks, declined: AbortController, signal: AbortSignal) {
  const startedAt = Date.now();
  let open: (go: boolean) => void = () => undefined;
  const passed = new Promise<boolean>((resolve) => (open = resolve));
  let asked = false;
  const close = () => open(false);
  // Nobody to ask: nothing waits.
  if (!hooks.onEstimate) open(true);
  const atOnce = request.parallel ?? 1;
  signal.addEventListener('abort', close, { once: true });
  return {
    passed: async () => (await passed) && !signal.aborted,
    async firstDone(result: RunResult) {
      if (asked || result.interrupted) return;
      asked = true;
      // Asked, the others wait: the rest go `atOnce` at a time after it. A note finds them running already.
      const estimate = runEstimate(Date.now() - startedAt, request.sizes.length * request.runs, 1, atOnce);
      if (hooks.onEstimateNote && estimate.runsLeft > 0) hooks.onEstimateNote(estimate);
      const go = estimate.runsLeft === 0 || !hooks.onEstimate ? true : await hooks.onEstimate(estimate);
      if (!go) declined.abort('declined');
      open(go);
    },
    /** A first run that ended without a result (stopped, failed) asks nothing: the runs behind it go, or end with the stop. */
    release: () => {
      if (!asked) open(!signal.aborted);
    },
    close: () => {
      signal.removeEventListener('abort', close);
      close();
    },
  };
}
