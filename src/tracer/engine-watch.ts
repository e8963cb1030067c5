import http from 'node:http';
import https from 'node:https';
import type Docker from 'dockerode';
import { Interrupted, SIGNAL_EXIT, UserError, type StopSignal } from '../core/errors.js';
import { engineAddress, engineDeadlineMs } from './engine.js';

/** A call that outlived the deadline while the engine still answered pings; told once it is late, again once answered. */
export interface SlowCall {
  what: string;
  ms: number;
  answered: boolean;
  /** How long functracer waits in all before it gives up on an engine that answers but does not do this. */
  limitMs: number;
}

export interface CallOptions {
  /** The run's stop (Ctrl-C, SIGTERM, a quit key): the call is abandoned, after `stopGraceMs` if given. */
  signal?: AbortSignal;
  onSlow?: (slow: SlowCall) => void;
}

interface CallShape extends CallOptions {
  /**
   * No deadline of its own: the wait for exit lasts as long as the function runs.
   * The engine's silence still ends it.
   */
  patient?: boolean;
  /**
   * After a stop, how long a call that a healthy engine finishes at once is still
   * given: a create abandoned midway can leave a container nobody knows the id of.
   */
  stopGraceMs?: number;
}

/** What the call is handed: its abort, and a way to say it is making progress (a pull's events), which restarts its clocks. */
export interface CallContext {
  abortSignal: AbortSignal;
  progressed(): void;
}

type Verdict = { alive: true } | { alive: false; reason: string };

/** The engine stopped answering while a call waited: gone (its socket refused or closed) or silent (frozen, wedged). */
export class EngineLost extends UserError {
  constructor(
    readonly reason: string,
    what: string,
  ) {
    super(
      `the engine at ${engineAddress()} ${reason} during ${what}`,
      'Check it with docker info (it may have been stopped, killed or frozen), then try again',
    );
    this.name = 'EngineLost';
  }
}

/** An engine that answers pings but not a call, for ten times the deadline: alive, but of no use to this run. */
export class EngineTooSlow extends UserError {
  constructor(what: string, limitMs: number) {
    super(
      `the engine at ${engineAddress()} answers, but did not answer ${what} within ${limitMs / 1000} s`,
      'It is alive but overloaded or deadlocked: if docker info hangs too, restart the engine; then try again',
    );
    this.name = 'EngineTooSlow';
  }
}

/** How long an engine that still answers pings is waited for, in all, before a call is given up: generous, as a busy host or an emulated guest is slow, not dead. */
export function outerLimitMs(deadlineMs: number): number {
  return deadlineMs * 10;
}

/** The stop a signal's reason names (the CLI aborts with the signal's name), as an Interrupted with its exit code. */
export function interruptedBy(signal: AbortSignal, message: string): Interrupted {
  const reason: unknown = signal.reason;
  const stop: StopSignal = typeof reason === 'string' && reason in SIGNAL_EXIT ? (reason as StopSignal) : 'SIGINT';
  return new Interrupted(stop, message);
}

const isTimeout = (error: unknown) => ['AbortError', 'TimeoutError'].includes((error as { name?: string }).name ?? '');
/** An answer of any kind (an HTTP status) means the engine is there; only a connection that fails means it is not. */
const isAnswer = (error: unknown) => typeof (error as { statusCode?: unknown }).statusCode === 'number';
const PING_INTERVAL = { min: 200, max: 3000 } as const;

/**
 * Tells a slow engine from a dead one for every call made through it. While a
 * call is outstanding the engine is pinged on fresh connections: as long as
 * pings are answered, a slow call is waited for (up to a generous outer limit)
 * and reported as slow; an engine that refuses connections, or answers nothing
 * for the whole deadline, is lost, and every outstanding call ends at once.
 * Nothing is pinged while nothing waits.
 */
export class EngineWatch {
  readonly deadlineMs: number;
  private readonly prober: Docker;
  private readonly intervalMs: number;
  private pending = 0;
  private timer: NodeJS.Timeout | undefined;
  private pingStop: AbortController | undefined;
  private readonly onLoss = new Set<(reason: string) => void>();
  /** The last loss and when it was declared: calls right after it fail at once unless the engine answers again. */
  private lost: { reason: string; atMs: number } | undefined;

  constructor(docker: Docker, deadlineMs = engineDeadlineMs()) {
    this.deadlineMs = deadlineMs;
    // Half the deadline at most, so a ping always has the other half to be answered in.
    this.intervalMs = Math.min(PING_INTERVAL.max, Math.max(PING_INTERVAL.min, deadlineMs / 5), deadlineMs / 2);
    this.prober = freshConnections(docker);
  }

  /**
   * Runs one engine call. It ends with its answer; with EngineLost when the
   * engine stops answering; with Interrupted when the run is stopped; or, for
   * an engine that answers pings but not this, after the outer limit.
   */
  async call<T>(what: string, fn: (context: CallContext) => Promise<T>, shape: CallShape = {}): Promise<T> {
    const stop = shape.signal;
    if (stop?.aborted) throw interruptedBy(stop, `stopped before ${what}`);
    await this.recheck(what);
    const controller = new AbortController();
    const started = Date.now();
    const limitMs = outerLimitMs(this.deadlineMs);
    let slow = false;
    let slowTimer: NodeJS.Timeout | undefined;
    let outerTimer: NodeJS.Timeout | undefined;
    let graceTimer: NodeJS.Timeout | undefined;
    let lossListener: ((reason: string) => void) | undefined;
    let stopListener: (() => void) | undefined;
    this.enter();
    try {
      const result = await new Promise<T>((resolve, reject) => {
        const fail = (error: Error) => {
          reject(error);
          controller.abort();
        };
        const startClocks = () => {
          if (shape.patient) return;
          clearTimeout(slowTimer);
          clearTimeout(outerTimer);
          slowTimer = setTimeout(() => {
            slow = true;
            shape.onSlow?.({ what, ms: Date.now() - started, answered: false, limitMs });
          }, this.deadlineMs);
          outerTimer = setTimeout(() => fail(new EngineTooSlow(what, limitMs)), limitMs);
        };
        lossListener = (reason) => fail(new EngineLost(reason, what));
        this.onLoss.add(lossListener);
        if (stop) {
          stopListener = () => {
            const interrupted = () => fail(interruptedBy(stop, `stopped during ${what}`));
            if (shape.stopGraceMs) graceTimer = setTimeout(interrupted, shape.stopGraceMs);
            else interrupted();
          };
          // A stop that came while the call waited for its turn counts as one during it.
          if (stop.aborted) stopListener();
          else stop.addEventListener('abort', stopListener, { once: true });
        }
        startClocks();
        fn({ abortSignal: controller.signal, progressed: startClocks }).then(resolve, (error: unknown) =>
          this.explain(error, what).then(reject, reject),
        );
      });
      if (slow) shape.onSlow?.({ what, ms: Date.now() - started, answered: true, limitMs });
      return result;
    } finally {
      clearTimeout(slowTimer);
      clearTimeout(outerTimer);
      clearTimeout(graceTimer);
      if (lossListener) this.onLoss.delete(lossListener);
      if (stopListener) stop?.removeEventListener('abort', stopListener);
      this.leave();
    }
  }

  /** Pings once on a fresh connection: answered, refused or closed (gone), or nothing within `ms` (silent). */
  async probe(ms = this.deadlineMs, stop?: AbortSignal, silentForMs = ms): Promise<Verdict> {
    const signals = [AbortSignal.timeout(ms), ...(stop ? [stop] : [])];
    try {
      // dockerode 4 takes the signal; @types/dockerode does not declare ping's options.
      const ping = this.prober.ping.bind(this.prober) as unknown as (options: { abortSignal: AbortSignal }) => Promise<unknown>;
      await ping({ abortSignal: AbortSignal.any(signals) });
      return { alive: true };
    } catch (error) {
      if (isAnswer(error)) return { alive: true };
      if (isTimeout(error)) return { alive: false, reason: `answered nothing, not even a ping, for ${silentForMs / 1000} s` };
      return { alive: false, reason: `went away (${connectionFailure(error)})` };
    }
  }

  /**
   * A call that failed on its connection (reset, refused, closed) may be the
   * first sign of a dead engine: said as such only if a ping fails too.
   */
  private async explain(error: unknown, what: string): Promise<unknown> {
    if (isAnswer(error) || isTimeout(error) || error instanceof UserError || error instanceof Interrupted) return error;
    const verdict = await this.confirm();
    if (verdict.alive) return error;
    this.declareLost(verdict.reason);
    return new EngineLost(verdict.reason, what);
  }

  /** Right after a loss, a call fails at once unless a quick ping shows the engine is back. */
  private async recheck(what: string): Promise<void> {
    if (!this.lost || Date.now() - this.lost.atMs > this.deadlineMs) return;
    const verdict = await this.probe(Math.min(1000, this.deadlineMs));
    if (verdict.alive) this.lost = undefined;
    else throw new EngineLost(this.lost.reason, what);
  }

  /** A refused or closed connection is tried once more, so one dropped connection is not taken for a dead engine. */
  private async confirm(stop?: AbortSignal): Promise<Verdict> {
    // A ping goes out at most an interval after the last answer: with the rest of the deadline, silence is the whole deadline.
    const probe = () => this.probe(this.deadlineMs - this.intervalMs, stop, this.deadlineMs);
    const first = await probe();
    if (first.alive || first.reason.startsWith('answered nothing') || stop?.aborted) return first;
    await new Promise((resolve) => setTimeout(resolve, 100));
    return probe();
  }

  private enter(): void {
    this.pending += 1;
    this.schedule();
  }

  private leave(): void {
    this.pending -= 1;
    if (this.pending > 0) return;
    clearTimeout(this.timer);
    this.timer = undefined;
    // An unanswered ping to a frozen engine would keep the process alive after its last call.
    this.pingStop?.abort();
    this.pingStop = undefined;
  }

  private schedule(): void {
    if (this.pending === 0 || this.timer || this.pingStop) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.pingOnce();
    }, this.intervalMs);
  }

  /** One ping at a time; each may take what is left of the deadline, so silence is declared a deadline after the last answer. */
  private async pingOnce(): Promise<void> {
    const stop = new AbortController();
    this.pingStop = stop;
    const verdict = await this.confirm(stop.signal);
    if (this.pingStop === stop) this.pingStop = undefined;
    if (stop.signal.aborted || this.pending === 0) return;
    if (verdict.alive) this.schedule();
    else this.declareLost(verdict.reason);
  }

  private declareLost(reason: string): void {
    this.lost = { reason, atMs: Date.now() };
    for (const listener of [...this.onLoss]) listener(reason);
  }
}

/**
 * A client on the same engine whose every request opens its own connection:
 * a ping must not queue behind a pooled socket that a frozen engine holds.
 * SSH makes a new connection per request anyway.
 */
function freshConnections(docker: Docker): Docker {
  const modem = docker.modem as unknown as { protocol?: string };
  const agent = modem.protocol === 'https' ? new https.Agent({ keepAlive: false }) : new http.Agent({ keepAlive: false });
  const Client = docker.constructor as new (options: object) => Docker;
  return new Client({ ...(modem as object), agent });
}

function connectionFailure(error: unknown): string {
  const e = error as { code?: string; message?: string };
  if (e.code) return e.code;
  return /socket hang up/i.test(e.message ?? '') ? 'the connection closed' : (e.message?.split('\n')[0] ?? String(error));
}
