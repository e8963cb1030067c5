import type { Command } from 'commander';
import { UserError } from '../core/errors.js';
import { hullStepProblem } from '../core/hull.js';
import type { HullShape } from '../ops/hull.js';
import { numberFlag } from './flags.js';
import { RANGES } from '../core/number-input.js';

/** The flags that shape a hull and an upscaling hull, as `hull` and `plot` take them. */
export interface HullShapeFlags {
  step: string;
  lookahead: string;
  buffer: string;
}

/**
 * The one parser of --step, --lookahead and --buffer, so `hull` and `plot`
 * refuse the same bad value with the same line, before any file is read or container run.
 */
export function hullShapeFromFlags(flags: HullShapeFlags): HullShape {
  const step = numberFlag(flags.step, '--step', RANGES.hullStep);
  const problem = hullStepProblem(step);
  if (problem) throw new UserError(`--step got ${JSON.stringify(flags.step)}, which ${problem}`, 'Give --step a value such as 0.1');
  return {
    step,
    lookahead: numberFlag(flags.lookahead, '--lookahead', RANGES.lookahead),
    bufferPct: numberFlag(flags.buffer, '--buffer', RANGES.bufferPct),
  };
}

/** Declares --step, --lookahead and --buffer once for every command that draws or trains a hull. */
export function addHullShapeOptions(command: Command): Command {
  return command
    .option('--step <s>', 'hull time grid in seconds', '0.1')
    .option('--lookahead <n>', 'buckets the upscaling hull looks ahead', '2')
    .option('--buffer <pct>', 'safety buffer added to the upscaling hull, %', '0');
}
