import { join } from 'node:path';
import { formatDat } from '../core/dat.js';
import { Interrupted, type UserError } from '../core/errors.js';
import { judgeHostLoad, samplingFellShort, type HostLoad } from '../core/host-load.js';
import { summarize } from '../core/stats.js';
import { replaceFiles } from '../infra/atomic-write.js';
import { readHost } from '../infra/host-load.js';
import { checkOutDir } from '../infra/out-dir.js';
import type { ContainerRuntime } from '../tracer/runtime.js';
import { newRunId, type RunResult } from '../tracer/tracer.js';
import { invokeFunction, type InvokeRequest, type InvokeResult } from './invoke.js';
import { multiCsv, multiTable, tableNotWritten, type MultiFiles, type MultiSettings, type MultiTable } from './multi.js';
import type { TraceHooks } from './run-once.js';
import type { PlacedInvoker } from './swarm-placement.js';
import { NodeRunFailed } from './swarm-run.js';
import { lostRun, type LostRun } from './swarm-spread.js';

/** One run of `multi` on a Lambda-style function, one invoke session: its init apart from its warm invocations. */
export interface InvokedRunFigures {
  /** The first container's init, ms, and its kernel peak. */
  initMs: number | null;
  initPeakBytes: number | null;
  /** The cold invocation's Duration (the init not in it), ms. */
  coldMs: number | null;
  /** Over the warm invocations that answered: the median Duration and the highest Max Memory Used. */
  warmMedianMs: number | null;
  warmPeakBytes: number | null;
  warm: number;
  invocations: number;
  /** Invocations that did not answer with a response. */
  failed: number;
  containers: number;
}

export function invokedRunFigures(session: InvokeResult): InvokedRunFigures {
  const init = session.inits[0];
  const cold = session.invocations.find((i) => i.cold);
  const warm = session.invocations.filter((i) => !i.cold && i.outcome === 'response');
  const peaks = warm.flatMap((i) => (i.maxMemoryUsedBytes === null ? [] : [i.maxMemoryUsedBytes]));
  return {
    initMs: init?.durationMs ?? null,
    initPeakBytes: init?.maxMemoryUsedBytes ?? null,
    coldMs: cold?.durationMs ?? null,
    warmMedianMs: warm.length > 0 ? summarize(warm.map((i) => i.durationMs)).median : null,
    warmPeakBytes: peaks.length > 0 ? Math.max(...peaks) : null,
    warm: warm.length,
    invocations: session.invocations.length,
    failed: session.invocations.filter((i) => i.outcome !== 'response').length,
    containers: session.runs.length,
  };
}

/**
 * A session as the .dat has room for it: one whole run, from its first container's start to its last one's finish
 * as traced (a session whose container was replaced adds the containers' durations), at its highest peak.
 */
function wholeRun(session: InvokeResult): RunResult {
  const [first, ...rest] = session.runs;
  if (rest.length === 0) return first!;
  const runs = session.runs;
  return {
    ...first!,
    durationMs: runs.reduce((sum, r) => sum + r.durationMs, 0),
    peakBytes: Math.max(...runs.map((r) => r.peakBytes)),
    cpuMs: runs.every((r) => r.cpuMs !== null) ? runs.reduce((sum, r) => sum + r.cpuMs!, 0) : null,
    exitCode: 0,
    oomKilled: runs.some((r) => r.oomKilled),
  };
}

export interface InvokedMultiOutcome {
  name: string;
  /** The sessions that finished; an interrupted one is left out, as multi leaves out an interrupted run. */
  sessions: InvokeResult[];
  figures: InvokedRunFigures[];
  /** The whole sessions as the .dat tabulates them. */
  table: MultiTable;
  files?: MultiFiles;
  interrupted: boolean;
  hostLoad: HostLoad | null;
  /** On a swarm, the sessions lost with their node (after the one retry elsewhere): left out, as multi leaves a lost run out. */
  lost?: LostRun[];
}

export interface InvokedMultiHooks extends TraceHooks {
  onRunStart?: (index: number) => void;
  onRunDone?: (index: number, session: InvokeResult, figures: InvokedRunFigures) => void;
}

/**
 * `multi` on a Lambda-style function: N invoke sessions one after another, each handing out the same events. The
 * .dat and the CSV keep the original's format, a session a line, rewritten after each as `multi` rewrites them; each
 * container's run record holds its phases. The figures per run keep the init apart from the warm invocations.
 */
export async function runMultiInvoked(
  runtime: ContainerRuntime,
  request: Omit<InvokeRequest, 'trace'>,
  settings: MultiSettings,
  hooks: InvokedMultiHooks = {},
  /** Where the sessions go when not on this engine (--on swarm): one at a time, each on the node the placement picks. */
  placed?: PlacedInvoker,
): Promise<InvokedMultiOutcome> {
  const invoke = placed ?? ((r: InvokeRequest, h: TraceHooks) => invokeFunction(runtime, r, h));
  checkOutDir(settings.outDir);
  const name = `functracer-multi-${newRunId()}`;
  const files = { dat: join(settings.outDir, `${name}-results.dat`), csv: join(settings.outDir, `${name}-results.csv`) };
  const sessions: InvokeResult[] = [];
  const lost: LostRun[] = [];
  let table = multiTable([], settings.pricing, settings.provider);
  let written = false;
  let interrupted = false;
  const before = readHost();
  const trace = {
    outDir: settings.outDir,
    ...(settings.intervalMs ? { intervalMs: settings.intervalMs } : {}),
    ...(settings.sampler ? { sampler: settings.sampler } : {}),
  };
  for (let index = 0; index < settings.runs; index++) {
    if (hooks.signal?.aborted) {
      interrupted = true;
      break;
    }
    hooks.onRunStart?.(index);
    let session: InvokeResult;
    try {
      session = await invoke({ ...request, trace }, hooks);
    } catch (error) {
      // Stopped before the function started: nothing of this run to keep.
      if (error instanceof Interrupted) {
        interrupted = true;
        break;
      }
      // A session the swarm lost twice is said and left out; the next ones still run, as multi's runs do.
      if (placed && error instanceof NodeRunFailed) {
        lost.push(lostRun(index + 1, error));
        hooks.onStatus?.(`run ${index + 1} lost on ${error.node.hostname}`);
        continue;
      }
      throw error;
    }
    if (session.interrupted) {
      interrupted = true;
      break;
    }
    sessions.push(session);
    table = multiTable(sessions.map(wholeRun), settings.pricing, settings.provider);
    if (table.rows.length > 0) await writeTables(files, sessions, table, settings);
    written ||= table.rows.length > 0;
    hooks.onRunDone?.(index, session, invokedRunFigures(session));
    if (table.error) break;
  }
  const runs = sessions.flatMap((s) => s.runs);
  const hostLoad =
    runtime.local && !placed
      ? judgeHostLoad(
          before,
          readHost(),
          runs.map((r) => ({ cpuMs: r.cpuMs, slowSampling: samplingFellShort(r) })),
        )
      : null;
  return {
    name,
    sessions,
    figures: sessions.map(invokedRunFigures),
    table,
    ...(written ? { files } : {}),
    interrupted,
    hostLoad,
    ...(placed ? { lost } : {}),
  };
}

/** Both whole or neither, as multi writes them. */
async function writeTables(
  files: MultiFiles,
  sessions: readonly InvokeResult[],
  table: MultiTable,
  settings: MultiSettings,
): Promise<void> {
  try {
    await replaceFiles([
      { path: files.dat, data: formatDat(table.rows) },
      { path: files.csv, data: multiCsv(sessions.map(wholeRun), table.rows) },
    ]);
  } catch (error) {
    throw tableNotWritten(error, files, sessions.length, settings) as UserError;
  }
}
