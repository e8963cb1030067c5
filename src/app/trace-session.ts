import { Interrupted } from '../core/errors.js';
import type { PricedRun } from '../ops/price-result.js';
import type { TraceHooks } from '../ops/run-once.js';
import { runEnding } from '../report/run-report.js';
import type { RunRecord } from '../core/run-record.js';
import { SessionBase } from './session-base.js';
import { screenError, type ScreenError } from './screen-error.js';
import { Trace } from '../core/trace.js';
import type { RunResult } from '../tracer/tracer.js';
import type { LambdaSnapshot } from './invoke-session.js';

export type { RunResult };

type SessionPhase = 'idle' | 'running' | 'finished' | 'failed' | 'recorded';

/** What a trace screen draws. `samples` changes with every batch, because `trace` itself is appended in place. */
export interface SessionSnapshot {
  phase: SessionPhase;
  title: string;
  trace: Trace;
  samples: number;
  status: string;
  result?: RunResult;
  /** For recorded traces, from the CSV's finish row. */
  durationMs?: number;
  /** For recorded traces, what pricing takes: the rows and, from the run's record, its kernel peak and CPU time. */
  recorded?: PricedRun;
  /** For recorded traces, what the run's `…-run.json` says of it: how it ended, and whose peak it is. */
  record?: RunRecord;
  /** For recorded traces, the function's saved output beside the CSV, where there is one. */
  outputFile?: string;
  /** For recorded traces, what reading the file assumed (the original's lost finish, rows without a reading). */
  notes?: string[];
  rawCsv?: string;
  /** The memory the run was given (--memory), so pricing allocates what the user asked for. */
  allocatedBytes?: number;
  error?: ScreenError;
  /** An invoked function's session (a Lambda-style runtime): its phases as they begin, its figures at the end. */
  lambda?: LambdaSnapshot;
}

/** What the traced run gets from the session: every hook runOnce takes, each of them given. */
export type RunHooks = Required<TraceHooks>;

/** One whole run: prepare, trace, clean up. Passed in so a test can feed recorded samples. */
export type RunJob = (hooks: RunHooks) => Promise<RunResult>;

/** What a trace screen observes: a run it can restart and stop, or a recorded trace. */
export interface TraceSource {
  readonly rerunnable: boolean;
  subscribe(listener: () => void): () => void;
  getSnapshot(): SessionSnapshot;
  /** Starts (again); does nothing while a run is going. */
  start(): void;
  /** Stops a run (the tracer kills and removes the container) and resolves once it is cleaned up. */
  stop(): Promise<void>;
}

/**
 * The tracer as the UI sees it. Listeners hear about every batch (about 50 a
 * second); redraws are throttled by whoever subscribes, not here.
 */
export class TraceSession extends SessionBase<SessionSnapshot> implements TraceSource {
  readonly rerunnable = true;

  constructor(
    private readonly title: string,
    private readonly job: RunJob,
    private readonly allocatedBytes?: number,
  ) {
    super(fresh(title, 'idle', 'waiting to start', allocatedBytes));
  }

  start(): void {
    if (this.busy) return;
    this.update(fresh(this.title, 'running', 'starting', this.allocatedBytes));
    this.launch(
      (signal) =>
        this.job({
          signal,
          // Samples flow once the container has started, so the setup status lines are over.
          onSamples: (trace) => this.update({ ...this.snapshot, trace, samples: trace.sampleCount, status: 'running' }),
          onStatus: (status) => this.update({ ...this.snapshot, status }),
          // Known before the first sample, so a picture exported mid-run is named after its trace.
          onRawCsv: (rawCsv) => this.update({ ...this.snapshot, rawCsv }),
        }),
      (result) =>
        this.update({
          ...this.snapshot,
          phase: 'finished',
          status: endStatus(result),
          result,
          trace: result.trace,
          samples: result.trace.sampleCount,
          rawCsv: result.rawCsv ?? undefined,
        }),
      // A stop before the function started ends the run with nothing to show: stopped, and the line says why.
      (error) =>
        this.update({
          ...this.snapshot,
          phase: 'failed',
          status: error instanceof Interrupted ? 'stopped' : 'failed',
          error: screenError(error),
        }),
    );
  }
}

function fresh(title: string, phase: SessionPhase, status: string, allocatedBytes?: number): SessionSnapshot {
  return { phase, title, trace: new Trace(), samples: 0, status, ...(allocatedBytes ? { allocatedBytes } : {}) };
}

/** A run that already ended (one of a multi-run, say), shown with its whole report; read-only like a recorded trace. */
export function resultSource(title: string, result: RunResult, allocatedBytes?: number): TraceSource {
  const snapshot: SessionSnapshot = {
    phase: 'recorded',
    title,
    trace: result.trace,
    samples: result.trace.sampleCount,
    status: 'recorded',
    result,
    durationMs: result.durationMs,
    ...(result.rawCsv ? { rawCsv: result.rawCsv } : {}),
    ...(allocatedBytes ? { allocatedBytes } : {}),
  };
  return { rerunnable: false, subscribe: () => () => {}, getSnapshot: () => snapshot, start: () => {}, stop: async () => {} };
}

/** A trace read back from its CSV: nothing runs, so it cannot be rerun or stopped. */
export function recordedSource(
  title: string,
  trace: Trace,
  durationMs: number,
  rawCsv: string,
  recorded?: PricedRun,
  record?: RunRecord,
  outputFile?: string,
  notes: readonly string[] = [],
): TraceSource {
  const snapshot: SessionSnapshot = {
    phase: 'recorded',
    title,
    trace,
    samples: trace.sampleCount,
    status: 'recorded',
    durationMs,
    ...(recorded ? { recorded } : {}),
    ...(record ? { record } : {}),
    ...(outputFile ? { outputFile } : {}),
    ...(notes.length > 0 ? { notes: [...notes] } : {}),
    rawCsv,
  };
  return {
    rerunnable: false,
    subscribe: () => () => {},
    getSnapshot: () => snapshot,
    start: () => {},
    stop: async () => {},
  };
}

/** The header's word for how a run ended: "finished" only for a function that worked. */
function endStatus(result: RunResult): string {
  const words = {
    interrupted: 'stopped',
    'out of memory': 'killed: out of memory',
    failed: `exited ${result.exitCode}`,
    finished: 'finished',
  };
  return words[runEnding(result)];
}
