import { Interrupted } from '../core/errors.js';
import type { RunSpec } from './run-spec.js';
import type { ContainerRuntime } from './runtime.js';
import { traceRun, type RunResult, type TraceRunOptions } from './tracer.js';

export interface MultiRunOptions extends Omit<TraceRunOptions, 'signal'> {
  runs: number;
  signal?: AbortSignal;
  /** The spec for run `index`; by default every run is the same. */
  specFor?: (index: number) => RunSpec | Promise<RunSpec>;
  onRunStart?: (index: number, spec: RunSpec) => void;
  onRunDone?: (index: number, result: RunResult) => void;
}

export interface MultiRunOutcome {
  results: RunResult[];
  /** Stopped early; `results` holds the finished runs and the interrupted one. */
  interrupted: boolean;
}

/** Runs the same function N times, one after another; an interrupt ends the current run and starts no more. */
export async function runMany(runtime: ContainerRuntime, spec: RunSpec, options: MultiRunOptions): Promise<MultiRunOutcome> {
  const results: RunResult[] = [];
  for (let index = 0; index < options.runs; index++) {
    if (options.signal?.aborted) return { results, interrupted: true };
    const runSpec = (await options.specFor?.(index)) ?? spec;
    options.onRunStart?.(index, runSpec);
    let result: RunResult;
    try {
      result = await traceRun(runtime, runSpec, options);
    } catch (error) {
      // Stopped before the function started: nothing of this run to keep.
      if (error instanceof Interrupted) return { results, interrupted: true };
      throw error;
    }
    results.push(result);
    options.onRunDone?.(index, result);
    if (result.interrupted) return { results, interrupted: true };
  }
  return { results, interrupted: false };
}
