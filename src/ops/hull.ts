import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileProblem, isUserError, UserError } from '../core/errors.js';
import { replaceFiles } from '../infra/atomic-write.js';
import { OUT_FLAG, writeHint, type FolderName } from '../infra/out-dir.js';
import {
  computeHull,
  computeUhull,
  floorHull,
  hullSchedule,
  hullToJson,
  type AllocationStep,
  type Hull,
  type HullOptions,
  type HullRun,
  type UhullOptions,
} from '../core/hull.js';
import { mulberry32 } from '../core/random.js';
import type { RunPlan } from '../core/run-plan.js';
import { MIB } from '../core/units.js';
import { ENGINE_MIN_LIMIT_BYTES } from '../tracer/autotuner.js';
import type { ContainerRuntime } from '../tracer/runtime.js';
import type { RunResult } from '../tracer/tracer.js';
import { runMany, runOnce, type TraceHooks, type TraceSettings } from './run-once.js';
import { readRecordedRun, traceNotes, type RecordedRun } from './trace-file.js';

export type HullShape = Required<HullOptions> & Required<UhullOptions>;

export interface TrainingRequest extends HullShape {
  /** Host paths of the input images; each run takes one at random unless `fixed`. */
  inputs: string[];
  runs: number;
  fixed?: boolean;
  /** Seeds the choice of inputs, so a training can be repeated. */
  seed?: number;
  /** Trains on this image and its options instead of resizing the inputs: every run the same, as multi runs it. */
  plan?: RunPlan;
}

export interface TrainingHooks extends TraceHooks {
  onRunStart?: (index: number, input: string) => void;
  onRunDone?: (index: number, input: string, result: RunResult) => void;
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
  /** Computed from the runs that succeeded only; absent when none did. */
  hull?: Hull;
  uhull?: Hull;
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
function resizePlan(input: string): RunPlan {
  const args = [`/in/${path.basename(input)}`, '50%'];
  return {
    title: ['functracer/resize', ...args].join(' '),
    spec: { image: 'functracer/resize', args, env: [], binds: [`${path.dirname(path.resolve(input))}:/in:ro`], networkMode: 'none' },
    scratch: { mountPoint: '/d' },
  };
}

/** The hull and upscaling hull over runs, as training, the hull screen, `hull --from` and `plot` fold them. */
export function foldHull(runs: readonly HullRun[], shape: HullShape): { hull: Hull; uhull: Hull } {
  const hull = computeHull(runs, shape);
  return { hull, uhull: computeUhull(hull, shape) };
}

function checkInputs(inputs: readonly string[]): void {
  if (inputs.length === 0) throw new UserError('no training inputs', 'Pass --inputs with at least one image');
  for (const input of inputs) {
    if (!existsSync(input))
      throw new UserError(`training input ${input} does not exist`, 'Pass image files, such as ref-data/sample-1mb.jpg');
    // The image's folder is bind-mounted as host:container:ro, where a colon would split the path.
    if (path.resolve(input).includes(':'))
      throw new UserError(
        `training input ${input} has a colon in its path, which a bind mount cannot take`,
        'Copy or link it to a path without one',
      );
  }
}

/**
 * Traces the resize function over the inputs, then folds the traces of the runs
 * that succeeded into a hull and an upscaling hull. Failed runs are listed in
 * `excluded`; their raw traces are kept in the output folder.
 */
export async function trainHull(
  runtime: ContainerRuntime,
  request: TrainingRequest,
  settings: TraceSettings,
  hooks: TrainingHooks = {},
): Promise<TrainingOutcome> {
  if (request.plan) return trainOnPlan(runtime, request, request.plan, settings, hooks);
  checkInputs(request.inputs);
  const next = mulberry32(request.seed ?? Date.now());
  const chosen = Array.from({ length: request.runs }, () =>
    request.fixed ? request.inputs[0]! : request.inputs[Math.floor(next() * request.inputs.length)]!,
  );
  const { results, interrupted } = await runMany(
    runtime,
    request.runs,
    (index) => resizePlan(chosen[index]!),
    { ...settings, everySample: true },
    {
      ...hooks,
      onRunStart: (index) => hooks.onRunStart?.(index, chosen[index]!),
      onRunDone: (index, result) => hooks.onRunDone?.(index, chosen[index]!, result),
    },
  );
  return trainingOutcome(results, chosen.slice(0, results.length), request, interrupted);
}

/** Training on one image and its options: N runs of the plan, each with a fresh scratch copy where it has one. */
async function trainOnPlan(
  runtime: ContainerRuntime,
  request: TrainingRequest,
  plan: RunPlan,
  settings: TraceSettings,
  hooks: TrainingHooks,
): Promise<TrainingOutcome> {
  const { results, interrupted } = await runMany(
    runtime,
    request.runs,
    () => plan,
    { ...settings, everySample: true },
    {
      ...hooks,
      onRunStart: (index) => hooks.onRunStart?.(index, plan.title),
      onRunDone: (index, result) => hooks.onRunDone?.(index, plan.title, result),
    },
  );
  return trainingOutcome(
    results,
    results.map(() => plan.title),
    request,
    interrupted,
  );
}

/** The runs, which were left out of the hull and why, and the hulls of the rest: every training's last step, wherever it ran. */
export function trainingOutcome(results: RunResult[], inputs: string[], shape: HullShape, interrupted: boolean): TrainingOutcome {
  const excluded = results.flatMap((result, index) => {
    const reason = exclusionReason(result);
    return reason === undefined ? [] : [{ index, input: inputs[index]!, reason, rawCsv: result.rawCsv }];
  });
  const kept = results.filter((r) => exclusionReason(r) === undefined);
  return { results, inputs, excluded, ...(kept.length > 0 ? foldHull(kept, shape) : {}), interrupted };
}

/** `hull --from`: recorded traces with their run records, read as every other trace file is read, and what reading them assumed. */
export async function readHullRuns(files: readonly string[]): Promise<{ runs: RecordedRun[]; notes: string[] }> {
  const runs: RecordedRun[] = [];
  // Through the run record too, so a trace whose record disagrees is refused here as cost and plot refuse it.
  for (const file of files) runs.push(await readRecordedRun(file));
  return { runs, notes: runs.flatMap((run, i) => traceNotes(files[i]!, run)) };
}

/** The upscaling hull as `run --uhull` replays it: the engine refuses limits under its minimum, so they are raised to it. */
export function replayableUhull(uhull: Hull): Hull {
  return floorHull(uhull, ENGINE_MIN_LIMIT_BYTES / MIB);
}

export interface SavedHull {
  files: { hull: string; uhull: string };
  /** The upscaling hull as written, floored at the engine's minimum. */
  uhull: Hull;
}

/**
 * hull.json and uhull.json in the original format, into `outDir`; uhull.json as
 * `run --uhull` can replay it. They replace the old pair as a pair: both are
 * written aside in full first, then renamed, uhull.json first, while holding
 * the folder's `.hull.lock`, so concurrent writers take turns and the folder
 * holds one writer's pair. A full disk or an error leaves the old pair as it
 * was. Only a crash between the two renames (microseconds) can leave the new
 * uhull.json beside the old hull.json: uhull.json goes first because it is
 * what autotuning replays, so a crash never leaves autotuning on the old one
 * while hull.json shows the new.
 */
export async function saveHull(outDir: string, hull: Hull, uhull: Hull, folder: FolderName = OUT_FLAG): Promise<SavedHull> {
  const files = { hull: path.join(outDir, 'hull.json'), uhull: path.join(outDir, 'uhull.json') };
  const floored = replayableUhull(uhull);
  try {
    await replaceFiles(
      [
        { path: files.uhull, data: `${JSON.stringify(hullToJson(floored))}\n` },
        { path: files.hull, data: `${JSON.stringify(hullToJson(hull))}\n` },
      ],
      { lock: path.join(outDir, '.hull.lock') },
    );
  } catch (error) {
    if (isUserError(error)) throw error;
    // A folder named hull.json, a read-only, full or vanished folder: the user's to fix, and the traces are kept.
    throw new UserError(
      `cannot write the hull into ${outDir}: ${fileProblem(error)}; hull.json and uhull.json there are as they were`,
      writeHint(error, folder),
    );
  }
  return { files, uhull: floored };
}

/** The limit schedule a trained upscaling hull gives an autotuned run. */
export function autotuneSchedule(uhull: Hull): AllocationStep[] {
  return hullSchedule(replayableUhull(uhull));
}

/** One autotuned run, to test a hull: the resize function on an input it may never have seen, or the plan it was trained on. */
export async function runAutotuneTest(
  runtime: ContainerRuntime,
  target: string | RunPlan,
  schedule: AllocationStep[],
  settings: TraceSettings,
  hooks: TraceHooks = {},
): Promise<RunResult> {
  return runOnce(runtime, typeof target === 'string' ? resizePlan(target) : target, { ...settings, autotune: schedule }, hooks);
}
