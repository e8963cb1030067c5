import { UserError } from '../core/errors.js';
import type { LambdaEvent } from '../core/lambda-events.js';
import type { InvocationOutcome, PhaseDetail, PhaseName } from '../core/run-record.js';
import type { DrivenRun, PhaseControl, RunDriver } from '../tracer/driven-run.js';
import { InvocationLimits, type InvocationLimitChange, type InvocationSchedule } from '../tracer/invocation-limits.js';
import { MAX_RESPONSE_BYTES, type Answer, type ApiEvent, type RuntimeApi } from '../tracer/lambda/runtime-api.js';
import type { ResponseLog } from './response-log.js';

/** Lambda's limit on a function's init: past it, the platform gives up on the environment. */
const INIT_LIMIT_MS = 10_000;

/** What one invoke session shares across its containers: the API, the events, how many are handed out so far. */
export interface InvokeSession {
  api: RuntimeApi;
  image: string;
  events: readonly LambdaEvent[];
  invocations: number;
  timeoutMs: number;
  memorySizeMb: number;
  /** Whether the function reaches the API over the engine's bridge, where a firewall can keep it away. */
  overBridge?: boolean;
  /** Events handed out so far, over every container. */
  handedOut: number;
  /** What happened that the report should say, one line each. */
  notes: string[];
  /** A hull replayed per invocation (invoke --autotune). */
  autotune?: InvocationSchedule;
  /** Hears each phase as it begins, for a front end that marks them live. */
  onPhase?: (mark: PhaseMark) => void;
}

/**
 * A phase as it begins, for a front end that marks it on a live chart. Its time is the API event's, as the run's
 * record has it; the record's figures (durations, peaks) come once the run ends.
 */
export interface PhaseMark {
  /** Which of the session's containers (0 first): each is a traced run of its own, its trace from 0 ms. */
  container: number;
  name: PhaseName;
  /** When it began, ms after the container trace's start row: on the trace's own time axis. */
  atMs: number;
  /** The invocation that begins, or, for the idle time after one, the one that ended. */
  invocation?: number;
  /** The idle time after an invocation: how that invocation ended. */
  outcome?: InvocationOutcome;
}

type Mark = Omit<PhaseMark, 'container'>;

/** One event as a container served it; its figures come from the run's phases once the run is over. */
export interface Served {
  invocation: number;
  requestId: string;
  event: string;
  cold: boolean;
  /** The phase of the run that is this invocation. */
  phase: number;
  outcome: InvocationOutcome;
  errorType?: string;
  errorMessage?: string;
  responseBytes?: number;
}

const now = () => performance.timeOrigin + performance.now();

type Waited<T> = { kind: 'value'; value: T } | { kind: 'timeout' } | { kind: 'exited'; code: number } | { kind: 'stopped' };

/**
 * Waits for what the runtime does, and for no longer than `ms`: or until the container exits, the user stops, or
 * the runtime breaks the protocol (a rejection). Every wait of a drive is one of these, so none is without end.
 */
function waitOn<T>(what: Promise<T>, ms: number, run: DrivenRun, broken: Promise<never>): Promise<Waited<T>> {
  return new Promise((resolve, reject) => {
    // The event loop's clock can lag the real one: a timer that fires early is set again for what is left.
    const deadline = now() + ms;
    const expire = () => (now() >= deadline ? settle({ kind: 'timeout' }) : (timer = setTimeout(expire, Math.ceil(deadline - now()))));
    let timer = setTimeout(expire, Math.max(0, Math.ceil(ms)));
    const onAbort = () => settle({ kind: 'stopped' });
    const done = () => {
      clearTimeout(timer);
      run.signal?.removeEventListener('abort', onAbort);
    };
    const settle = (value: Waited<T>) => {
      done();
      resolve(value);
    };
    const fail = (error: unknown) => {
      done();
      reject(error as Error);
    };
    if (run.signal?.aborted) return settle({ kind: 'stopped' });
    run.signal?.addEventListener('abort', onAbort, { once: true });
    what.then((value) => settle({ kind: 'value', value }), fail);
    run.exited.then((code) => settle({ kind: 'exited', code }), fail);
    broken.catch(fail);
  });
}

/**
 * Drives one container of an invoke session, as Lambda drives an execution environment: its init (from the exec to
 * its first request for an event, within Lambda's 10 s), then one event after another until the session has handed
 * out all it was asked to. The phases are marked as the API sees each event (`onEvent`, synchronously), so each
 * boundary reading is taken at that moment. A timeout ends the container: the session goes on in a fresh one, cold,
 * as Lambda does. What no function can be traced through (no request for an event, an init error, a crash, a
 * response over 6 MB, bytes that are not HTTP) ends the session with one line.
 */
export class ContainerDrive implements RunDriver {
  readonly first = 'init' as const;
  readonly record: RunDriver['record'];
  /** The session goes on in a fresh container: this one timed out or stopped asking. */
  restart = false;
  readonly served: Served[] = [];
  /** The limit changes of an autotuned session, once the drive is over. */
  limitChanges: InvocationLimitChange[] = [];
  private control: PhaseControl | undefined;
  private limits: InvocationLimits | undefined;
  private initEnded = false;
  private readonly phaseOf = new Map<string, number>();
  /** The invocation in course, for the mark of the idle time after it. */
  private current = 0;
  /** The trace's origin, epoch ms, once the drive starts; marks before it (a runtime quick to ask) wait for it. */
  private originMs: number | undefined;
  private readonly early: Mark[] = [];

  constructor(
    private readonly session: InvokeSession,
    private readonly log: () => ResponseLog | undefined,
    /** Which of the session's containers this one is, for the marks. */
    private readonly container = 0,
  ) {
    this.record = { memorySizeMb: session.memorySizeMb, timeoutMs: session.timeoutMs };
  }

  phases(control: PhaseControl): void {
    this.control = control;
  }

  /** The API's events, as they happen: each is a phase boundary. */
  onEvent(event: ApiEvent): void {
    const control = this.control;
    if (!control) return;
    if (event.type === 'next' && !this.initEnded) {
      this.initEnded = true;
      this.begin(control, { name: 'idle', atMs: event.atMs });
    } else if (event.type === 'handed-out') {
      this.current = this.session.handedOut;
      this.phaseOf.set(event.requestId, this.begin(control, { name: 'invoke', atMs: event.atMs, invocation: this.current }));
      this.limits?.handedOut(this.session.handedOut, event.atMs);
    } else if (event.type === 'answer') {
      const outcome = event.answer.kind;
      this.begin(control, { name: 'idle', atMs: event.atMs, invocation: this.current, outcome });
    }
  }

  /** A boundary, marked where the run's phases are kept and told to whoever marks them live. */
  private begin(control: PhaseControl, mark: Mark): number {
    const index = control.begin(mark.name, mark.atMs);
    if (this.originMs === undefined) this.early.push(mark);
    else this.tell(mark);
    return index;
  }

  /** A mark on the trace's time axis, as the record's phases are: ms after its start row, the origin's whole ms. */
  private tell(mark: Mark): void {
    const atMs = Math.round((mark.atMs - Math.floor(this.originMs!)) * 1000) / 1000;
    this.session.onPhase?.({ ...mark, container: this.container, atMs });
  }

  async drive(run: DrivenRun): Promise<void> {
    if (this.session.autotune) this.limits = new InvocationLimits(this.session.autotune, run);
    try {
      await this.driveEvents(run);
    } finally {
      if (this.limits) this.limitChanges = await this.limits.finish();
    }
  }

  private async driveEvents(run: DrivenRun): Promise<void> {
    const { api, image } = this.session;
    this.originMs = run.originMs;
    this.tell({ name: 'init', atMs: run.originMs });
    this.early.splice(0).forEach((mark) => this.tell(mark));
    const ready = await waitOn(api.next(), INIT_LIMIT_MS - (now() - run.originMs), run, api.broken);
    if (ready.kind === 'stopped') return;
    if (ready.kind === 'timeout') throw neverAsked(image, api.notes, this.session.overBridge === true);
    if (ready.kind === 'exited') throw exitedInInit(image, ready.code, api.notes);
    if (ready.value.kind === 'init-error') {
      throw new UserError(
        `${image} failed its init: ${ready.value.errorType}: ${ready.value.errorMessage}`,
        "Lambda reports it as an init error and tries the init again at the next invocation; the function's output says why",
      );
    }
    for (let cold = true; this.session.handedOut < this.session.invocations; cold = false) {
      if (!(await this.serveOne(run, cold))) return;
    }
  }

  /** Hands out the next event and waits for its answer; false when the container is done (stopped, timed out). */
  private async serveOne(run: DrivenRun, cold: boolean): Promise<boolean> {
    const { api, timeoutMs } = this.session;
    await this.limits?.beforeInvocation(this.session.handedOut + 1);
    const invocation = ++this.session.handedOut;
    const event = this.session.events[(invocation - 1) % this.session.events.length]!;
    const call = api.invoke(event.payload, timeoutMs);
    const out = await waitOn(call.handedOut, timeoutMs, run, api.broken);
    if (out.kind !== 'value') {
      // It never went out: the next container (or none, if stopped) hands it out.
      this.session.handedOut -= 1;
      if (out.kind === 'stopped') return false;
      this.session.notes.push(
        out.kind === 'timeout'
          ? `the runtime did not ask for another event within ${seconds(timeoutMs)} of its last answer: its container was stopped and the next invocation ran cold`
          : `the runtime exited (code ${out.code}) after invocation ${invocation - 1}: the next invocation ran cold, in a new container`,
      );
      this.restart = true;
      return false;
    }
    const served: Served = {
      invocation,
      requestId: call.requestId,
      event: event.source,
      cold,
      phase: this.phaseOf.get(call.requestId) ?? -1,
      outcome: 'response',
    };
    this.served.push(served);
    const answer = await waitOn(call.answer, timeoutMs - (now() - out.value), run, api.broken);
    if (answer.kind === 'value') {
      const more = this.answered(served, answer.value);
      await this.limits?.afterInvocation(invocation, answer.value.atMs);
      return more;
    }
    if (answer.kind === 'stopped') {
      this.describe(served, { outcome: 'interrupted' });
      return false;
    }
    if (answer.kind === 'timeout') {
      // Lambda's own words for it; the phase ends now, and the runtime is stopped: a late answer counts for nothing.
      if (this.control) this.begin(this.control, { name: 'idle', atMs: now(), invocation, outcome: 'timeout' });
      api.reset();
      this.describe(served, {
        outcome: 'timeout',
        errorType: 'Sandbox.Timedout',
        errorMessage: `Task timed out after ${(timeoutMs / 1000).toFixed(2)} seconds`,
      });
      this.restart = true;
      return false;
    }
    this.describe(served, {
      outcome: 'crash',
      errorType: 'Runtime.ExitError',
      errorMessage: `RequestId: ${call.requestId} Error: Runtime exited with error: exit status ${answer.code}`,
    });
    throw new UserError(
      `invocation ${invocation} crashed: ${this.session.image} exited with code ${answer.code} while it handled the event (Runtime.ExitError)`,
      "Lambda reports it as Runtime.ExitError and starts the next invocation cold; the function's output says why",
    );
  }

  /** Its answer, logged; a response over 6 MB fails the invocation, as Lambda fails it, and ends the session. */
  private answered(served: Served, answer: Answer): boolean {
    const tooLarge = answer.kind === 'error' && answer.errorType === 'Function.ResponseSizeTooLarge';
    const bytes = answer.kind === 'response' ? answer.body.length : answer.bytes;
    const detail: PhaseDetail =
      answer.kind === 'response'
        ? { outcome: 'response', responseBytes: bytes }
        : { outcome: 'error', errorType: answer.errorType, errorMessage: answer.errorMessage, responseBytes: bytes };
    this.describe(served, detail);
    this.log()?.add({
      invocation: served.invocation,
      requestId: served.requestId,
      event: served.event,
      outcome: detail.outcome!,
      ...(answer.kind === 'response'
        ? { response: answer.body.toString('utf8') }
        : { errorType: answer.errorType, errorMessage: answer.errorMessage }),
      bytes,
    });
    if (tooLarge) {
      throw new UserError(
        `invocation ${served.invocation}'s response is ${bytes.toLocaleString('en-US')} bytes, over Lambda's limit of ${MAX_RESPONSE_BYTES.toLocaleString('en-US')} (Function.ResponseSizeTooLarge)`,
        'Lambda fails such an invocation; return less, or store a large result and return where it is',
      );
    }
    return true;
  }

  private describe(served: Served, detail: PhaseDetail): void {
    Object.assign(served, detail);
    this.control?.describe(served.phase, { invocation: served.invocation, requestId: served.requestId, cold: served.cold, ...detail });
  }
}

const seconds = (ms: number) => `${(ms / 1000).toLocaleString('en-US')} s`;

/** What the API refused, when it refused anything: often the reason a runtime got no further. */
function refusedText(notes: readonly string[]): string {
  return notes.length > 0 ? ` (the Runtime API refused: ${notes.slice(0, 2).join('; ')})` : '';
}

function neverAsked(image: string, notes: readonly string[], overBridge: boolean): UserError {
  const firewall = overBridge ? 'If it is, a firewall may drop what containers send to this host: try --network host. ' : '';
  return new UserError(
    `${image} never asked for an invocation within ${seconds(INIT_LIMIT_MS)} of its start${refusedText(notes)}`,
    `Is it a Lambda-style runtime? ${firewall}functracer invoke serves the Lambda Runtime API at AWS_LAMBDA_RUNTIME_API, as Lambda does; a function that runs once and exits is traced with functracer run`,
  );
}

function exitedInInit(image: string, code: number, notes: readonly string[]): UserError {
  return new UserError(
    `${image} exited with code ${code} during its init, before asking for an invocation${refusedText(notes)}`,
    "Is it a Lambda-style runtime? Lambda would report Runtime.ExitError; the function's output says why",
  );
}
