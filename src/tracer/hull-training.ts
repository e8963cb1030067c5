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

export interface TrainingOutcome {
  results: RunResult[];
  inputs: string[];
  hull: Hull;
  uhull: Hull;
  interrupted: boolean;
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

/** Traces the resize function over the inputs, then folds every trace into a hull and an upscaling hull. */
export async function trainHull(runtime: ContainerRuntime, options: TrainingOptions): Promise<TrainingOutcome> {
  for (const input of options.inputs) {
    if (!fs.existsSync(input)) throw new UserError(`training input ${input} does not exist`, 'Pass image files, such as ref-data/sample-1mb.jpg');
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
    const hull = computeHull(results.map((r) => r.trace), options);
    return { results, inputs: chosen.slice(0, results.length), hull, uhull: computeUhull(hull, options), interrupted };
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}
