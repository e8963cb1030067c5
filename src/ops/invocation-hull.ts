import path from 'node:path';
import { fileProblem, Interrupted, isUserError, UserError } from '../core/errors.js';
import { INVOCATION_HULL_FILE, invocationHullToJson, type InvocationHull } from '../core/invocation-hull-file.js';
import { invocationRuns, type PhasedRun } from '../core/invocation-hull.js';
import { hullToJson, type Hull } from '../core/hull.js';
import { MIB } from '../core/units.js';
import { replaceFiles } from '../infra/atomic-write.js';
import { OUT_FLAG, writeHint, type FolderName } from '../infra/out-dir.js';
import type { ContainerRuntime } from '../tracer/runtime.js';
import { foldHull, readHullRuns, replayableUhull, type HullShape } from './hull.js';
import { invokeFunction, type InvokeRequest, type InvokeResult } from './invoke.js';
import type { TraceHooks } from './run-once.js';
import { everySample } from './trace-file.js';

/**
 * The hull of one warm invocation over the runs of `functracer invoke`: each warm invocation that answered is folded
 * on its own axis, from its event handed out; the inits and the idle times are kept apart as figures. Undefined
 * when no warm invocation answered (one event a container, or every one failed).
 */
export function foldInvocationHull(runs: readonly PhasedRun[], shape: HullShape): InvocationHull | undefined {
  const { invocations, init, idle } = invocationRuns(runs);
  if (invocations.length === 0) return undefined;
  const { hull, uhull } = foldHull(invocations, shape);
  const toMb = (bytes: number | null) => (bytes === null ? null : bytes / MIB);
  return {
    hull,
    uhull: replayableUhull(uhull),
    initPeakMb: toMb(init.peakBytes),
    initDurationMs: init.durationMs,
    idlePeakMb: toMb(idle.peakBytes),
    warmInvocations: invocations.length,
    containers: init.count,
  };
}

/** Why a hull over invocations cannot be had from these runs, in one line. */
export function noWarmInvocation(what: string): UserError {
  return new UserError(
    `${what} hold no warm invocation that answered, so there is no hull of one invocation`,
    'Hand out two events or more a container (-n), so that all but the first are warm',
  );
}

export interface InvocationTrainingRequest extends Omit<InvokeRequest, 'autotune'> {
  /** Invoke sessions, one after another. */
  sessions: number;
}

export interface InvocationTraining {
  sessions: InvokeResult[];
  hull?: InvocationHull;
  interrupted: boolean;
}

/** `sessions` invoke sessions of the function, then the hull of one warm invocation over all of them. */
export async function trainInvocationHull(
  runtime: ContainerRuntime,
  request: InvocationTrainingRequest,
  shape: HullShape,
  hooks: TraceHooks & { onSessionStart?: (index: number) => void } = {},
): Promise<InvocationTraining> {
  const sessions: InvokeResult[] = [];
  let interrupted = false;
  for (let index = 0; index < request.sessions && !interrupted; index++) {
    if (hooks.signal?.aborted) {
      interrupted = true;
      break;
    }
    hooks.onSessionStart?.(index);
    try {
      const session = await invokeFunction(runtime, request, hooks);
      sessions.push(session);
      interrupted = session.interrupted;
    } catch (error) {
      if (error instanceof Interrupted && sessions.length > 0) interrupted = true;
      else throw error;
    }
  }
  const runs: PhasedRun[] = [];
  for (const session of sessions) {
    for (const run of session.runs) runs.push({ trace: await everySample(run), phases: run.phases ?? [] });
  }
  const hull = foldInvocationHull(runs, shape);
  return { sessions, ...(hull ? { hull } : {}), interrupted };
}

/**
 * hull.json and uhull.json (the original format, on one invocation's axis, for every tool that reads them) and
 * invocation-hull.json (the same hulls with the init's and the idle time's peaks), as one set: written aside in full,
 * then renamed while holding the folder's lock, as `saveHull` writes its pair.
 */
export async function saveInvocationHull(outDir: string, hull: InvocationHull, folder: FolderName = OUT_FLAG) {
  const files = {
    hull: path.join(outDir, 'hull.json'),
    uhull: path.join(outDir, 'uhull.json'),
    invocationHull: path.join(outDir, INVOCATION_HULL_FILE),
  };
  try {
    await replaceFiles(
      [
        { path: files.invocationHull, data: `${JSON.stringify(invocationHullToJson(hull))}\n` },
        { path: files.uhull, data: `${JSON.stringify(hullToJson(hull.uhull))}\n` },
        { path: files.hull, data: `${JSON.stringify(hullToJson(hull.hull))}\n` },
      ],
      { lock: path.join(outDir, '.hull.lock') },
    );
  } catch (error) {
    if (isUserError(error)) throw error;
    throw new UserError(
      `cannot write the hull into ${outDir}: ${fileProblem(error)}; its hull files are as they were`,
      writeHint(error, folder),
    );
  }
  return files;
}

/**
 * `hull --from`: the hulls of recorded traces. Traces of `functracer invoke` (their run records hold the phases) give
 * the hull of one warm invocation, with the init and idle peaks apart; other traces, the hull of whole runs. The two
 * do not mix: one is on an invocation's axis, the other on a run's.
 */
export async function hullFromTraceFiles(
  files: readonly string[],
  shape: HullShape,
): Promise<{ hull: Hull; uhull: Hull; notes: string[]; invocation?: InvocationHull }> {
  const { runs, notes } = await readHullRuns(files);
  const invoked = runs.filter((run) => run.record?.lambda);
  if (invoked.length === 0) return { ...foldHull(runs, shape), notes };
  if (invoked.length < runs.length) {
    const plain = files[runs.findIndex((run) => !run.record?.lambda)]!;
    throw new UserError(
      `${plain} is a trace of a whole run, and the others are of functracer invoke: a hull is over whole runs or over invocations, not both`,
      'Pass the traces of one kind',
    );
  }
  const invocation = foldInvocationHull(
    runs.map((run) => ({ trace: run.trace, phases: run.record!.lambda!.phases })),
    shape,
  );
  if (!invocation) throw noWarmInvocation('the traces');
  return { hull: invocation.hull, uhull: invocation.uhull, notes, invocation };
}
