import { CONFIRM_ABOVE_MS, type RunEstimate } from '../core/estimate.js';

/**
 * The question a long series of runs asks after its first: the rest would take `CONFIRM_ABOVE_MS` or more, so
 * the runs wait for a yes. A stop while asking is a no, so nothing waits on an answer that cannot come.
 */
export class EstimateQuestion {
  private pending: ((go: boolean) => void) | undefined;

  /** Whether the runs wait for an answer; read at each key. */
  get asking(): boolean {
    return this.pending !== undefined;
  }

  answer(go: boolean): void {
    this.pending?.(go);
  }

  /** True at once for a short rest; else `show` the estimate, wait for the answer, then `show` nothing. */
  ask(estimate: RunEstimate, signal: AbortSignal, show: (estimate: RunEstimate | undefined) => void): boolean | Promise<boolean> {
    if (estimate.leftMs < CONFIRM_ABOVE_MS) return true;
    if (signal.aborted) return false;
    return new Promise<boolean>((resolve) => {
      const settle = (go: boolean) => {
        signal.removeEventListener('abort', no);
        this.pending = undefined;
        show(undefined);
        resolve(go);
      };
      const no = () => settle(false);
      this.pending = settle;
      signal.addEventListener('abort', no, { once: true });
      show(estimate);
    });
  }
}
