import type { RunEstimate } from '../core/estimate.js';
import type { Trace } from '../core/trace.js';
import type { TuneOutcome } from '../ops/tune.js';
import type { RunResult } from '../tracer/tracer.js';
import { EstimateQuestion } from './estimate-question.js';
import { screenError, type ScreenError } from './screen-error.js';
import { SessionBase } from './session-base.js';

/** What the Tune screen asks for; the rest is `functracer tune`'s defaults. */
export interface TuneScreenRequest {
  provider: string;
  sizes: number[];
  runs: number;
}

interface TuneJobHooks {
  signal: AbortSignal;
  onRunStart: (mb: number, index: number) => void;
  onRunDone: (mb: number, index: number, result: RunResult) => void;
  onSamples: (trace: Trace) => void;
  onStatus: (status: string) => void;
  /** After the first run: resolves true to go on; a long tuning waits for the user's answer. */
  onEstimate: (estimate: RunEstimate) => boolean | Promise<boolean>;
}

/** The tuning itself; passed in so a test can feed recorded results. */
export type TuneJob = (request: TuneScreenRequest, hooks: TuneJobHooks) => Promise<TuneOutcome>;

/** One finished run, as it arrives. */
interface TunedRun {
  mb: number;
  index: number;
  durationMs: number;
  peakBytes: number;
  /** Killed for memory, or a non-zero exit. */
  failed: boolean;
}

interface TuneProgress {
  mb: number;
  /** The run going at `mb`, from 0. */
  index: number;
  /** Runs finished of all sizes, and how many there are in all. */
  done: number;
  total: number;
  samples: number;
  /** From the runs so far; absent until one finished. */
  leftMs?: number;
}

export interface TuneSnapshot {
  phase: 'idle' | 'running' | 'finished' | 'failed';
  title: string;
  status: string;
  request?: TuneScreenRequest;
  progress?: TuneProgress;
  arrived: TunedRun[];
  outcome?: TuneOutcome;
  error?: ScreenError;
  /** The rest would take longer than `CONFIRM_ABOVE_MS`: the runs wait for `answer`. */
  confirm?: RunEstimate;
}

/** A tuning as the Tune screen sees it: runs arrive one by one, then the outcome. Redraws are throttled by the subscriber. */
export class TuneSession extends SessionBase<TuneSnapshot> {
  constructor(
    readonly title: string,
    private readonly job: TuneJob,
    private readonly now: () => number = () => Date.now(),
  ) {
    super({ phase: 'idle', title, status: 'choose the provider, sizes and runs, then t', arrived: [] });
  }

  private readonly question = new EstimateQuestion();

  /** Read at each key: the session knows at once, before the redraw that would say so. */
  override get busy(): boolean {
    return super.busy;
  }

  /** Whether the runs wait for an answer to `confirm`; read at each key. */
  get asking(): boolean {
    return this.question.asking;
  }

  /** The answer to `confirm`: go on with the runs, or stop there, keeping the first. */
  answer(go: boolean): void {
    this.question.answer(go);
  }

  start(request: TuneScreenRequest): void {
    if (this.busy) return;
    const total = request.sizes.length * request.runs;
    const startedAt = this.now();
    this.update({ phase: 'running', title: this.title, status: 'starting', request, arrived: [] });
    const leftMs = (done: number) => (done === 0 ? undefined : ((this.now() - startedAt) / done) * (total - done));
    const progressed = (change: Partial<TuneProgress>) => {
      const base = this.snapshot.progress ?? { mb: request.sizes[0]!, index: 0, done: 0, total, samples: 0 };
      return { ...base, ...change };
    };
    // The status follows the runs: which run, then what it is doing (the tracer's steps, until its samples flow).
    let doing = 'starting';
    const status = (progress: TuneProgress) => `${progress.mb} MB: run ${progress.index + 1} of ${request.runs}, ${doing}`;
    const hooks = (signal: AbortSignal): TuneJobHooks => ({
      signal,
      onRunStart: (mb, index) => {
        doing = 'starting';
        const progress = progressed({ mb, index, samples: 0 });
        this.update({ ...this.snapshot, status: status(progress), progress });
      },
      onSamples: (trace) => {
        const progress = progressed({ samples: trace.sampleCount });
        doing = 'running';
        this.update({ ...this.snapshot, status: status(progress), progress });
      },
      onRunDone: (mb, index, result) => {
        if (result.interrupted) return;
        const done = this.snapshot.arrived.length + 1;
        const run = {
          mb,
          index,
          durationMs: result.durationMs,
          peakBytes: result.peakBytes,
          failed: result.oomKilled || result.exitCode !== 0,
        };
        const left = leftMs(done);
        doing = 'done';
        const progress = { ...progressed({ done }), ...(left === undefined ? {} : { leftMs: left }) };
        this.update({ ...this.snapshot, status: status(progress), arrived: [...this.snapshot.arrived, run], progress });
      },
      onEstimate: (estimate) => this.question.ask(estimate, signal, (confirm) => this.showQuestion(confirm)),
      onStatus: (step) => {
        doing = step;
        const at = this.snapshot.progress;
        this.update({ ...this.snapshot, status: at ? status(at) : step });
      },
    });
    this.launch(
      (signal) => this.job(request, hooks(signal)),
      (outcome) => this.end({ phase: 'finished', status: outcome.interrupted ? 'stopped (finished sizes kept)' : 'finished', outcome }),
      (error) => this.end({ phase: 'failed', status: 'failed', error: screenError(error) }),
    );
  }

  private showQuestion(confirm: RunEstimate | undefined): void {
    const { confirm: _confirm, ...rest } = this.snapshot;
    this.update(confirm ? { ...rest, confirm } : rest);
  }

  private end(change: Partial<TuneSnapshot>): void {
    const { progress: _progress, ...rest } = this.snapshot;
    this.update({ ...rest, ...change });
  }
}
