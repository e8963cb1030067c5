import { Trace } from '../core/trace.js';
import type { RunResult } from '../tracer/tracer.js';
import { screenError, type ScreenError } from './trace-session.js';

export type MultiPhase = 'idle' | 'running' | 'finished' | 'failed';

/** The table files `functracer multi` writes, rewritten after every run. */
export interface MultiFiles {
  dat: string;
  csv: string;
}

/** What the multi-run screen draws. `current.samples` changes with every batch; `current.trace` grows in place. */
export interface MultiSnapshot {
  phase: MultiPhase;
  title: string;
  /** N, as asked. */
  runs: number;
  /** Runs that finished, in order; an interrupted run is left out, as `functracer multi` leaves it out of the table. */
  done: RunResult[];
  current?: { index: number; trace: Trace; samples: number };
  status: string;
  files?: MultiFiles;
  interrupted: boolean;
  /** The memory the runs were given, so pricing allocates what the user asked for. */
  allocatedBytes?: number;
  error?: ScreenError;
}

export interface MultiHooks {
  signal: AbortSignal;
  onRunStart: (index: number) => void;
  onSamples: (trace: Trace) => void;
  onRunDone: (index: number, result: RunResult) => void;
  onStatus: (status: string) => void;
  onFiles: (files: MultiFiles) => void;
}

/** N runs with their files; passed in so a test can feed recorded results. */
export type MultiJob = (runs: number, hooks: MultiHooks) => Promise<{ interrupted: boolean }>;

/** N runs of one function as the UI sees them. Redraws are throttled by the subscriber. */
export class MultiRunSession {
  private snapshot: MultiSnapshot;
  private listeners = new Set<() => void>();
  private controller: AbortController | undefined;
  private running: Promise<void> | undefined;

  constructor(
    readonly title: string,
    private readonly job: MultiJob,
    private readonly allocatedBytes?: number,
    runs = 5,
  ) {
    this.snapshot = { phase: 'idle', title, runs, done: [], status: 'choose N, then Enter', interrupted: false, ...(allocatedBytes ? { allocatedBytes } : {}) };
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  getSnapshot(): MultiSnapshot {
    return this.snapshot;
  }

  /** N for the next start; ignored while runs are going. */
  setRuns(runs: number): void {
    if (this.running || !Number.isInteger(runs) || runs < 1) return;
    this.update({ ...this.snapshot, runs });
  }

  start(): void {
    if (this.running) return;
    const controller = new AbortController();
    this.controller = controller;
    const { runs } = this.snapshot;
    this.update({ phase: 'running', title: this.title, runs, done: [], status: 'starting', interrupted: false, ...(this.allocatedBytes ? { allocatedBytes: this.allocatedBytes } : {}) });
    const hooks: MultiHooks = {
      signal: controller.signal,
      onRunStart: (index) => this.update({ ...this.snapshot, current: { index, trace: new Trace(), samples: 0 }, status: `run ${index + 1}/${runs}` }),
      onSamples: (trace) => {
        const current = this.snapshot.current;
        if (current) this.update({ ...this.snapshot, current: { ...current, trace, samples: trace.length } });
      },
      onRunDone: (_index, result) => {
        if (result.interrupted) return;
        const { current: _current, ...rest } = this.snapshot;
        this.update({ ...rest, done: [...this.snapshot.done, result] });
      },
      onStatus: (status) => this.update({ ...this.snapshot, status }),
      onFiles: (files) => this.update({ ...this.snapshot, files }),
    };
    this.running = this.job(runs, hooks).then(
      ({ interrupted }) => this.end({ phase: 'finished', status: interrupted ? 'stopped (finished runs kept)' : 'finished', interrupted }),
      (error: unknown) => this.end({ phase: 'failed', status: 'failed', error: screenError(error) }),
    ).finally(() => {
      this.running = undefined;
      this.controller = undefined;
    });
  }

  /** Stops the current run (its container is removed) and starts no more; resolves once cleaned up. */
  async stop(): Promise<void> {
    this.controller?.abort();
    await this.running;
  }

  private end(change: Partial<MultiSnapshot>): void {
    const { current: _current, ...rest } = this.snapshot;
    this.update({ ...rest, ...change });
  }

  private update(next: MultiSnapshot): void {
    this.snapshot = next;
    this.listeners.forEach((listener) => listener());
  }
}
