import { basename } from 'node:path';
import type { AllocationStep, Hull } from '../core/hull.js';
import { exclusionReason, foldHull, replayableUhull } from '../ops/hull.js';
import { SessionBase } from './session-base.js';
import { Trace } from '../core/trace.js';
import type { RunResult } from '../tracer/tracer.js';
import { TraceSession, type RunJob, type SessionSnapshot } from './trace-session.js';
import type { RunPlan } from '../core/run-plan.js';
import { screenError, type ScreenError } from './screen-error.js';

export interface HullRequest {
  /** Host paths of the training images; each run takes one at random. */
  inputs: string[];
  /** Training on a traced image and its options instead: every run the same. */
  plan?: RunPlan;
  runs: number;
  /** Grid step, s. */
  step: number;
  lookahead: number;
  bufferPct: number;
}

interface TrainingHooks {
  signal: AbortSignal;
  onRunStart: (index: number, input: string) => void;
  onSamples: (trace: Trace) => void;
  onRunDone: (index: number, input: string, result: RunResult) => void;
  onStatus: (status: string) => void;
}

/** What the hull screen asks of the engine; passed in so a test can feed recorded traces. */
export interface HullJobs {
  train(request: HullRequest, hooks: TrainingHooks): Promise<{ interrupted: boolean }>;
  /** One autotuned run (resize on an image's path, or the plan trained on), and the limit schedule it replays (floored at the engine's minimum). */
  autotune(target: string | RunPlan, uhull: Hull): { schedule: AllocationStep[]; job: RunJob };
}

export interface TrainedRun {
  input: string;
  result: RunResult;
}

export interface AutotuneTest {
  input: string;
  schedule: AllocationStep[];
  snapshot: SessionSnapshot;
}

export interface HullSnapshot {
  phase: 'idle' | 'training' | 'trained' | 'failed';
  request?: HullRequest;
  done: TrainedRun[];
  current?: { index: number; input: string; trace: Trace; samples: number };
  /** Over the finished runs, so what is drawn is what `s` saves. */
  hull?: Hull;
  uhull?: Hull;
  status: string;
  interrupted: boolean;
  error?: ScreenError;
  test?: AutotuneTest;
}

/** Hull training and the autotuned test run, as the hull screen sees them. */
export class HullSession extends SessionBase<HullSnapshot> {
  private tester: { session: TraceSession; unsubscribe: () => void } | undefined;

  constructor(
    private readonly jobs: HullJobs,
    /** Set when opened from a trace: training runs that image with its options, not resize over the samples. */
    readonly plan?: RunPlan,
  ) {
    super({
      phase: 'idle',
      done: [],
      status: plan ? 'set the runs, then t trains' : 'choose the inputs, then t trains',
      interrupted: false,
    });
  }

  /** Training or the test run is going. */
  override get busy(): boolean {
    return super.busy || this.snapshot.test?.snapshot.phase === 'running';
  }

  train(request: HullRequest): void {
    if (this.busy) return;
    this.update({ phase: 'training', request, done: [], status: 'starting', interrupted: false });
    // The run's own steps (checking the image) are said beside which run it is, and end once samples come.
    let runLabel = '';
    const hooks = (signal: AbortSignal): TrainingHooks => ({
      signal,
      onRunStart: (index, input) => {
        runLabel = `training run ${index + 1} of ${request.runs}${request.plan ? '' : ` on ${basename(input)}`}`;
        this.update({ ...this.snapshot, current: { index, input, trace: new Trace(), samples: 0 }, status: runLabel });
      },
      onSamples: (trace) => {
        const current = this.snapshot.current;
        if (current) this.update({ ...this.snapshot, current: { ...current, trace, samples: trace.sampleCount }, status: runLabel });
      },
      onRunDone: (index, input, result) => {
        if (result.interrupted) return;
        // As functracer hull does: a failed run's trace is kept on disk but would bend the hull.
        const failed = exclusionReason(result);
        if (failed) {
          this.update({ ...this.snapshot, status: `run ${index + 1} left out of the hull: ${failed}` });
          return;
        }
        const done = [...this.snapshot.done, { input, result }];
        const { current: _current, ...rest } = this.snapshot;
        // Drawn, saved and tested as uhull.json is written: floored at the engine's minimum limit.
        const { hull, uhull } = foldHull(
          done.map((d) => d.result),
          request,
        );
        this.update({ ...rest, done, hull, uhull: replayableUhull(uhull) });
      },
      onStatus: (status) => this.update({ ...this.snapshot, status: runLabel ? `${runLabel}: ${status}` : status }),
    });
    this.launch(
      (signal) => this.jobs.train(request, hooks(signal)),
      ({ interrupted }) => this.end({ phase: 'trained', interrupted, status: interrupted ? 'stopped (finished runs kept)' : 'trained' }),
      (error) => this.end({ phase: 'failed', status: 'failed', error: screenError(error) }),
    );
  }

  /** An autotuned run with the upscaling hull trained so far: resize on `input`, or the plan trained on. */
  test(input: string): void {
    const uhull = this.snapshot.uhull;
    if (this.busy || !uhull) return;
    this.tester?.unsubscribe();
    const { schedule, job } = this.jobs.autotune(this.plan ?? input, uhull);
    const session = new TraceSession(`autotuned ${basename(input)}`, job);
    const follow = () => this.update({ ...this.snapshot, test: { input, schedule, snapshot: session.getSnapshot() } });
    this.tester = { session, unsubscribe: session.subscribe(follow) };
    session.start();
    follow();
  }

  /** Stops training or the test run; their containers are removed and the traces kept. */
  override async stop(): Promise<void> {
    await Promise.all([super.stop(), this.tester?.session.stop()]);
  }

  private end(change: Partial<HullSnapshot>): void {
    const { current: _current, ...rest } = this.snapshot;
    this.update({ ...rest, ...change });
  }
}
