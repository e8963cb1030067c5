import type { RunEstimate } from '../core/estimate.js';
import type { HostLoad } from '../core/host-load.js';
import { Trace } from '../core/trace.js';
import type { MultiFiles } from '../ops/multi.js';
import type { RunResult } from '../tracer/tracer.js';
import { EstimateQuestion } from './estimate-question.js';
import { screenError, type ScreenError } from './screen-error.js';
import { SessionBase } from './session-base.js';

type MultiPhase = 'idle' | 'running' | 'finished' | 'failed';

/** What the multi-run screen draws. `current.samples` changes with every batch; `current.trace` grows in place. */
export interface MultiSnapshot {
  phase: MultiPhase;
  title: string;
  /** N, as asked. */
  runs: number;
  /**
   * Runs that finished, in the order they were started (runs side by side on a swarm finish out of it), as the .dat
   * lists them; an interrupted run is left out, as `functracer multi` leaves it out of the table.
   */
  done: RunResult[];
  current?: { index: number; trace: Trace; samples: number };
  status: string;
  files?: MultiFiles;
  interrupted: boolean;
  /** The memory the runs were given, so pricing allocates what the user asked for. */
  allocatedBytes?: number;
  error?: ScreenError;
  /** How busy the host was while the runs ran, once they ended; absent where unknown. */
  hostLoad?: HostLoad;
  /** The rest would take `CONFIRM_ABOVE_MS` or more: the runs wait for `answer`. */
  confirm?: RunEstimate;
}

export interface MultiHooks {
  signal: AbortSignal;
  onRunStart: (index: number) => void;
  onSamples: (trace: Trace) => void;
  onRunDone: (index: number, result: RunResult) => void;
  onStatus: (status: string) => void;
  onFiles: (files: MultiFiles) => void;
  /** After the first run: resolves true to go on; a long series waits for the user's answer. */
  onEstimate: (estimate: RunEstimate) => boolean | Promise<boolean>;
}

/** N runs with their files; passed in so a test can feed recorded results. */
export type MultiJob = (
  runs: number,
  hooks: MultiHooks,
) => Promise<{ interrupted: boolean; hostLoad?: HostLoad | null; /** Runs a swarm lost, said once they ended. */ lost?: string }>;

/** Runs that already ran (a tuned size's), shown as a finished multi-run; r then runs them again with `again`. */
export function finishedMultiRun(title: string, results: readonly RunResult[], again: MultiJob, allocatedBytes?: number): MultiRunSession {
  let replayed = false;
  const replay: MultiJob = async (runs, hooks) => {
    if (replayed) return again(runs, hooks);
    replayed = true;
    results.forEach((result, index) => {
      hooks.onRunStart(index);
      hooks.onRunDone(index, result);
    });
    return { interrupted: false };
  };
  const session = new MultiRunSession(title, replay, allocatedBytes, results.length);
  session.start();
  return session;
}

/** N runs of one function as the UI sees them. Redraws are throttled by the subscriber. */
export class MultiRunSession extends SessionBase<MultiSnapshot> {
  private readonly question = new EstimateQuestion();

  constructor(
    readonly title: string,
    private readonly job: MultiJob,
    private readonly allocatedBytes?: number,
    runs = 5,
  ) {
    super({
      phase: 'idle',
      title,
      runs,
      done: [],
      status: 'choose N, then Enter',
      interrupted: false,
      ...(allocatedBytes ? { allocatedBytes } : {}),
    });
  }

  /** Whether the runs wait for an answer to `confirm`; read at each key. */
  get asking(): boolean {
    return this.question.asking;
  }

  /** The answer to `confirm`: go on with the runs, or stop there, keeping the first. */
  answer(go: boolean): void {
    this.question.answer(go);
  }

  /** N for the next start; ignored while runs are going. */
  setRuns(runs: number): void {
    if (this.busy || !Number.isInteger(runs) || runs < 1) return;
    this.update({ ...this.snapshot, runs });
  }

  start(): void {
    if (this.busy) return;
    const { runs } = this.snapshot;
    this.update({
      phase: 'running',
      title: this.title,
      runs,
      done: [],
      status: 'starting',
      interrupted: false,
      ...(this.allocatedBytes ? { allocatedBytes: this.allocatedBytes } : {}),
    });
    // The run's own steps (checking the image, pulling) are said beside which run it is, and end once samples come.
    let runLabel = '';
    // The run index of each entry of `done`, which is kept in that order.
    const doneIndexes: number[] = [];
    const hooks = (signal: AbortSignal): MultiHooks => ({
      signal,
      onRunStart: (index) => {
        runLabel = `running run ${index + 1} of ${runs}`;
        this.update({ ...this.snapshot, current: { index, trace: new Trace(), samples: 0 }, status: runLabel });
      },
      onSamples: (trace) => {
        const current = this.snapshot.current;
        if (current) this.update({ ...this.snapshot, current: { ...current, trace, samples: trace.sampleCount }, status: runLabel });
      },
      onRunDone: (index, result) => {
        if (result.interrupted) return;
        const { current: _current, ...rest } = this.snapshot;
        const at = doneIndexes.filter((i) => i < index).length;
        doneIndexes.splice(at, 0, index);
        this.update({ ...rest, done: this.snapshot.done.toSpliced(at, 0, result) });
      },
      onStatus: (status) => this.update({ ...this.snapshot, status: runLabel ? `${runLabel}: ${status}` : status }),
      onFiles: (files) => this.update({ ...this.snapshot, files }),
      onEstimate: (estimate) =>
        this.question.ask(estimate, signal, (confirm) => {
          const { confirm: _confirm, ...rest } = this.snapshot;
          this.update(confirm ? { ...rest, confirm } : rest);
        }),
    });
    this.launch(
      (signal) => this.job(runs, hooks(signal)),
      ({ interrupted, hostLoad, lost }) =>
        this.end({
          phase: 'finished',
          status: `${interrupted ? 'stopped (finished runs kept)' : 'finished'}${lost ? ', some runs lost' : ''}`,
          // Under the table, wrapped, where a long reason is read whole rather than cut in the title.
          ...(lost ? { error: { message: lost, hint: 'see functracer doctor --on swarm', bug: false } } : {}),
          interrupted,
          ...(hostLoad ? { hostLoad } : {}),
        }),
      (error) => this.end({ phase: 'failed', status: 'failed', error: screenError(error) }),
    );
  }

  private end(change: Partial<MultiSnapshot>): void {
    const { current: _current, ...rest } = this.snapshot;
    this.update({ ...rest, ...change });
  }
}
