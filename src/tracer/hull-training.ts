import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { computeHull, computeUhull, type Hull, type HullOptions, type UhullOptions } from '../core/hull.js';
import { UserError } from '../core/errors.js';
import { runMany, type MultiRunOptions } from './multi.js';
import type { RunSpec } from './run-spec.js';
import type { ContainerRuntime } from './runtime.js';
import type { RunResult } from './tracer.js';

export interface TrainingOptions extends HullOptions, UhullOptions, Omit<MultiRunOptions, 'specFor' | 'onRunStart'> {
  /** Host paths of the input images; each run takes one at random unless `fixed`. */
  inputs: string[];
  fixed?: boolean;
  image?: string;
  /** The resize percentage, as the sample resize function takes it. */
  percent?: string;
  /** Seeds the input shuffle, so a training run can be repeated. */
  seed?: number;
  onRunStart?: (index: number, input: string) => void;
}

/** A training run left out of the hull; its trace stays on disk. */
export interface ExcludedRun {
  /** The run's place in `results`, from 0. */
  index: number;
  input: string;
  reason: string;
  rawCsv: string | null;
}

export interface TrainingOutcome {
  /** Every run, in order, including those left out of the hull. */
  results: RunResult[];
  inputs: string[];
  /** The runs whose traces do not shape the hull, with why. */
  excluded: ExcludedRun[];
  /** Computed from the runs that succeeded only. */
  hull: Hull;
  uhull: Hull;
  interrupted: boolean;
}

/**
 * Why a training run must not shape the hull, or undefined if it may: a run that
 * failed, was killed for memory or was interrupted did not show what the function
 * needs, and a partial trace under-states it.
 */
export function exclusionReason(result: Pick<RunResult, 'interrupted' | 'oomKilled' | 'exitCode'>): string | undefined {
  if (result.interrupted) return 'interrupted, so its trace is partial';
  if (result.oomKilled) return 'killed: out of memory';
  if (result.exitCode !== 0) return `exited with code ${result.exitCode}`;
  return undefined;
}

/** The resize function reads its input from a read-only mount and writes into a scratch folder, so ref-data stays clean. */
export function resizeSpec(input: string, scratch: string, image = 'functracer/resize', percent = '50%'): RunSpec {
  return {
    image,
    args: [`/in/${path.basename(input)}`, percent],
    env: [],
    binds: [`${path.dirname(path.resolve(input))}:/in:ro`, `${scratch}:/d`],
    networkMode: 'none',
  };
}

/** mulberry32: a tiny seeded generator, enough to shuffle inputs reproducibly. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Traces the resize function over the inputs, then folds the traces of the runs
 * that succeeded into a hull and an upscaling hull. Failed runs are listed in
 * `excluded`; their raw traces are kept in the output folder.
 */
export async function trainHull(runtime: ContainerRuntime, options: TrainingOptions): Promise<TrainingOutcome> {
  for (const input of options.inputs) {
    if (!fs.existsSync(input))
      throw new UserError(`training input ${input} does not exist`, 'Pass image files, such as ref-data/sample-1mb.jpg');
    // The image's folder is bind-mounted as host:container:ro, where a colon would split the path.
    if (path.resolve(input).includes(':'))
      throw new UserError(
        `training input ${input} has a colon in its path, which a bind mount cannot take`,
        'Copy or link it to a path without one',
      );
  }
  if (options.inputs.length === 0) throw new UserError('no training inputs', 'Pass --inputs with at least one image');
  const next = random(options.seed ?? Date.now());
  const chosen = Array.from({ length: options.runs }, () =>
    options.fixed ? options.inputs[0]! : options.inputs[Math.floor(next() * options.inputs.length)]!,
  );
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'functracer-train-'));
  try {
    const { results, interrupted } = await runMany(runtime, resizeSpec(chosen[0]!, scratch), {
      ...options,
      specFor: (index) => resizeSpec(chosen[index]!, scratch, options.image, options.percent),
      onRunStart: (index) => options.onRunStart?.(index, chosen[index]!),
    });
    const inputs = chosen.slice(0, results.length);
    const excluded = results.flatMap((result, index) => {
      const reason = exclusionReason(result);
      return reason === undefined ? [] : [{ index, input: inputs[index]!, reason, rawCsv: result.rawCsv }];
    });
    const hull = computeHull(
      results.filter((r) => exclusionReason(r) === undefined).map((r) => r.trace),
      options,
    );
    return { results, inputs, excluded, hull, uhull: computeUhull(hull, options), interrupted };
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}
