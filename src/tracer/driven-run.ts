import type { PhaseDetail, PhaseName } from '../core/run-record.js';
import type { Trace } from '../core/trace.js';
import type { PhaseMeter } from './phases.js';
import type { RunContainer } from './runtime.js';

/** Where a driver marks the phases of its run, from before the container starts: a runtime can act within a millisecond of its exec. */
export interface PhaseControl {
  /**
   * A phase boundary at `atMs` (epoch ms, the moment of the event that defines it): the phase in course ends and
   * `name` begins. Call it as the event happens: the sampler takes its boundary reading at once. Returns the index.
   */
  begin(name: PhaseName, atMs: number): number;
  /** What the driver knows of a phase (its invocation, how it ended), kept with its figures and in the record. */
  describe(index: number, detail: PhaseDetail): void;
}

/** What a driver sees of the run it drives, once the container runs. */
export interface DrivenRun {
  /** Settles with the exit code once the container exits, by itself or stopped; rejects when the engine is lost. */
  readonly exited: Promise<number>;
  /** Where the trace begins, epoch ms: the function's exec, or Docker's StartedAt if that came first. */
  readonly originMs: number;
  /** Aborts when the user stops the run (the tracer then stops the container too). */
  readonly signal: AbortSignal | undefined;
  /** The running container, for a driver that changes its limit between events (autotuning per invocation). */
  readonly container: RunContainer;
  /** The samples so far: the autotuner never asks for less than current usage. */
  readonly trace: Trace;
  /** Tell after a limit change, so the sampler reads the new limit at once. */
  readonly limitChanged: () => void;
}

/**
 * Drives a function that serves events instead of exiting (a Lambda runtime). `phases` is handed where to mark
 * phases before the container is created; `drive` runs once the container runs and is sampled. When the drive
 * settles, the container is stopped, as the platform stops an environment it is done with, and the run ends as any
 * run does: its trace closed, its phases in the result and the record. A drive that fails (a UserError: the
 * function never asked for an event, crashed, broke the protocol) still gets its trace and record written; the
 * error is thrown after.
 */
export interface RunDriver {
  /** The phase the run begins in. */
  first: PhaseName;
  /** What the record keeps beside the phases. */
  record: { memorySizeMb: number; timeoutMs: number };
  phases(control: PhaseControl): void;
  drive(run: DrivenRun): Promise<void>;
}

/** A drive under way: `ended` settles once the drive is over and the container has exited. */
export interface Driving {
  ended: Promise<number>;
  /** The drive's own failure, once `ended` has settled. */
  failure(): unknown;
}

/** The meter's boundaries, handed to the driver before the container is created; `onEvent` hears of each boundary's time. */
export function phaseControl(meter: PhaseMeter, onEvent: (atMs: number) => void): PhaseControl {
  return {
    begin: (name, atMs) => {
      onEvent(atMs);
      return meter.begin(name, atMs);
    },
    describe: (index, detail) => meter.describe(index, detail),
  };
}

export function startDrive(
  driver: RunDriver,
  container: RunContainer,
  exit: Promise<number>,
  seen: Pick<DrivenRun, 'originMs' | 'trace' | 'limitChanged' | 'signal'>,
): Driving {
  let failure: unknown;
  const run: DrivenRun = { exited: exit, container, ...seen };
  const driving = driver.drive(run).catch((error: unknown) => {
    failure = error;
  });
  const stopped = driving.then(() => container.kill()).then(() => exit);
  // An exit that fails (the engine lost) ends the wait at once; one that comes by itself waits for the drive to see it.
  const ended = Promise.race([stopped, exit.then(() => stopped)]);
  return { ended, failure: () => failure };
}
