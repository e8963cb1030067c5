import { UserError } from '../core/errors.js';
import { engineDeadlineMs } from './engine.js';
import { outerLimitMs, type SlowCall } from './engine-watch.js';

/**
 * Bounds the wait for exit once nothing else does. After the function's
 * processes are gone (its cgroup is empty), a healthy engine reports the exit
 * at once: one that answers pings but takes longer than the deadline is told
 * as slow, and given up after the outer limit. An engine that answers
 * nothing is caught by the engine's watch, which fails the wait itself.
 */
export class ExitWatchdog {
  private timers: NodeJS.Timeout[] = [];
  private endedAt: number | undefined;
  private disarmed = false;
  private reject: (error: unknown) => void = () => undefined;
  readonly fired = new Promise<never>((_, reject) => (this.reject = reject));

  constructor(
    private readonly name: string,
    private readonly onSlow: (slow: SlowCall) => void,
  ) {
    this.fired.catch(() => undefined);
  }

  functionEnded(): void {
    // Once disarmed, a sampler stopped by the cleanup must not start clocks that keep the process alive.
    if (this.endedAt !== undefined || this.disarmed) return;
    const endedAt = (this.endedAt = Date.now());
    const deadline = engineDeadlineMs();
    const limitMs = outerLimitMs(deadline);
    const what = `the wait for the exit of ${this.name}, once its processes had ended`;
    this.timers.push(
      setTimeout(() => this.onSlow({ what, ms: Date.now() - endedAt, answered: false, limitMs }), deadline),
      setTimeout(
        () =>
          this.reject(
            new UserError(
              `the engine answers, but did not report the exit of ${this.name} within ${limitMs / 1000} s of its processes ending`,
              `It is overloaded or stuck: check it with docker info, and remove the container once it answers: docker rm -f ${this.name}`,
            ),
          ),
        limitMs,
      ),
    );
  }

  fail(error: unknown): void {
    this.reject(error);
  }

  /** The exit came: a slow one is noted for the report. */
  disarm(): void {
    this.disarmed = true;
    this.timers.forEach(clearTimeout);
    const ms = this.endedAt === undefined ? 0 : Date.now() - this.endedAt;
    if (ms > engineDeadlineMs())
      this.onSlow({
        what: `the wait for the exit of ${this.name}, once its processes had ended`,
        ms,
        answered: true,
        limitMs: outerLimitMs(engineDeadlineMs()),
      });
  }
}
