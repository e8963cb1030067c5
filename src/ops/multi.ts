import { join } from 'node:path';
import { stringify } from 'csv-stringify/sync';
import type { CostEntry } from '../core/cost/compare.js';
import { formatDat, type DatRow } from '../core/dat.js';
import { fileProblem, isUserError, UserError } from '../core/errors.js';
import { runEstimate, type RunEstimate } from '../core/estimate.js';
import { judgeHostLoad, samplingFellShort, type HostLoad } from '../core/host-load.js';
import { withoutNoise } from '../core/json.js';
import type { RunPlan } from '../core/run-plan.js';
import { summarize, type Summary } from '../core/stats.js';
import { MIB } from '../core/units.js';
import { replaceFiles } from '../infra/atomic-write.js';
import { readHost } from '../infra/host-load.js';
import { checkOutDir, OUT_FLAG, writeHint, type FolderName } from '../infra/out-dir.js';
import type { ContainerRuntime } from '../tracer/runtime.js';
import { newRunId, type RunResult } from '../tracer/tracer.js';
import { priceResult, type CostSettings } from './price-result.js';
import type { ProviderSet } from './providers.js';
import { runMany, type TraceHooks, type TraceSettings } from './run-once.js';

export interface MultiStats {
  durationMs: Summary;
  peakMb: Summary;
  totalCost: Summary;
}

/** The runs as the .dat tabulates them, priced on one provider. */
export interface MultiTable {
  /** One per run; empty when the provider cannot price the runs (then `error` says why). */
  rows: DatRow[];
  /** Every provider's price of each run, for the picture's billing canvas. */
  costs: CostEntry[][];
  stats?: MultiStats;
  error?: UserError;
}

/** The table files `multi` writes, rewritten after every run. */
export interface MultiFiles {
  dat: string;
  csv: string;
}

export interface MultiSettings extends TraceSettings {
  runs: number;
  /** The provider the .dat columns are priced on. */
  provider: string;
  pricing: CostSettings;
  /** How the front end names the output folder, for a table that cannot be written. */
  folder?: FolderName;
}

export interface RunMultiHooks extends TraceHooks {
  onRunStart?: (index: number) => void;
  /** After each run, with the table over the runs finished so far. */
  onRunDone?: (index: number, result: RunResult, table: MultiTable) => void;
  onFiles?: (files: MultiFiles) => void;
  /** Once the first run is done, how long the rest will take; the next run waits for the answer, and false stops there. */
  onEstimate?: (estimate: RunEstimate) => boolean | Promise<boolean>;
}

export interface MultiOutcome {
  /** `functracer-multi-<id>`, the stem of the table files and of the picture beside them. */
  name: string;
  /** The runs that finished; an interrupted one is left out of the table, as the original left it out. */
  results: RunResult[];
  table: MultiTable;
  /** Absent until a run was tabulated. */
  files?: MultiFiles;
  interrupted: boolean;
  /** How busy this host was while the runs ran; null where the engine's host is not this one. */
  hostLoad: HostLoad | null;
}

/** One .dat line: the run priced on the chosen provider. */
function datRowOf(result: RunResult, cost: readonly CostEntry[], provider: string): DatRow {
  const entry = cost.find((c) => c.provider === provider);
  if (!entry) throw new UserError(`provider ${provider} is not a known provider`, `Use one of: ${cost.map((c) => c.provider).join(', ')}`);
  if ('error' in entry) throw new UserError(`provider ${provider} cannot price this run: ${entry.error}`, 'Choose another provider');
  return {
    durationMs: result.durationMs,
    usedMb: entry.usedMb,
    billedMs: entry.billedDurationMs,
    allocatedMb: entry.allocatedMb,
    totalCost: entry.totalCost,
    netCost: entry.netCost,
    overheadCost: entry.overheadCost,
  };
}

/** The table and its statistics; both the screen and the .dat come from here, so they agree. */
export function multiTable(results: readonly RunResult[], pricing: CostSettings, provider: string, providers?: ProviderSet): MultiTable {
  const costs = results.map((result) => priceResult(result, pricing, providers));
  try {
    const rows = results.map((result, i) => datRowOf(result, costs[i]!, provider));
    return { rows, costs, ...(rows.length > 0 ? { stats: multiStats(results, rows) } : {}) };
  } catch (error) {
    if (!isUserError(error)) throw error;
    return { rows: [], costs, error };
  }
}

function multiStats(results: readonly RunResult[], rows: readonly DatRow[]): MultiStats {
  return {
    durationMs: summarize(results.map((r) => r.durationMs)),
    peakMb: summarize(results.map((r) => r.peakBytes / MIB)),
    totalCost: summarize(rows.map((r) => r.totalCost)),
  };
}

/** The same runs as the .dat, with a header and what the .dat has no room for; costs without float noise, as in --json. */
export function multiCsv(results: readonly RunResult[], rows: readonly DatRow[]): string {
  const clean = (row: DatRow | undefined) => (row ? Object.fromEntries(Object.entries(row).map(([k, v]) => [k, withoutNoise(v)])) : {});
  return stringify(
    results.map((r, i) => ({
      run: i + 1,
      container: r.container,
      // Runs on a swarm name their node; a local table keeps the original columns.
      ...(r.node !== undefined ? { node: r.node } : {}),
      exitCode: r.exitCode,
      // csv-stringify writes false as an empty field and true as 1: spelled out, a reader cannot take it for missing.
      oomKilled: String(r.oomKilled),
      peakBytes: r.peakBytes,
      samples: r.samples,
      samplesPerSecond: r.samplesPerSecond.toFixed(1),
      rawCsv: r.rawCsv ?? '',
      ...clean(rows[i]),
    })),
    { header: true },
  );
}

/**
 * N runs one after another, each traced into the output folder, with the .dat
 * and CSV rewritten after every run, so an interrupt or a crash keeps the finished ones.
 */
export async function runMulti(
  runtime: ContainerRuntime,
  plan: RunPlan,
  settings: MultiSettings,
  hooks: RunMultiHooks = {},
): Promise<MultiOutcome> {
  checkOutDir(settings.outDir);
  const name = `functracer-multi-${newRunId()}`;
  // As the user named the folder, so the report's paths read like the ones they typed.
  const files = { dat: join(settings.outDir, `${name}-results.dat`), csv: join(settings.outDir, `${name}-results.csv`) };
  const finished: RunResult[] = [];
  let table = multiTable([], settings.pricing, settings.provider);
  let written = false;
  let tableError: UserError | undefined;
  const before = readHost();
  const many = runMany(runtime, settings.runs, () => plan, settings, {
    ...hooks,
    // After the first run: its wall time, start and removal included, times the runs left.
    beforeRun: async (index) =>
      index !== 1 || !hooks.onEstimate ? true : hooks.onEstimate(runEstimate(Date.now() - before.atMs, settings.runs, 1)),
    onRunStart: (index) => hooks.onRunStart?.(index),
    onRunDone: async (index, result) => {
      if (!result.interrupted) {
        finished.push(result);
        table = multiTable(finished, settings.pricing, settings.provider);
        if (table.rows.length > 0) {
          try {
            // Both whole or neither: the .dat and the CSV always hold the same runs.
            await replaceFiles([
              { path: files.dat, data: formatDat(table.rows) },
              { path: files.csv, data: multiCsv(finished, table.rows) },
            ]);
          } catch (error) {
            throw (tableError = tableNotWritten(error, files, finished.length, settings));
          }
          written = true;
          hooks.onFiles?.(files);
        }
      }
      hooks.onRunDone?.(index, result, table);
    },
  });
  const { interrupted } = await many.catch((error: unknown) => {
    // A run that could not be recorded (a full disk) ends the series; the line also says what the table kept.
    if (!isUserError(error) || !written || error === tableError) throw error;
    const runs = finished.length === 1 ? 'run 1' : `runs 1–${finished.length}`;
    throw new UserError(`${error.message}; ${files.dat} and its .csv hold ${runs}, before it`, error.hint);
  });
  const hostLoad = runtime.local
    ? judgeHostLoad(
        before,
        readHost(),
        finished.map((r) => ({ cpuMs: r.cpuMs, slowSampling: samplingFellShort(r) })),
      )
    : null;
  return { name, results: finished, table, ...(written ? { files } : {}), interrupted, hostLoad };
}

/** The runs stop at the first table that cannot be written; what is on disk is said in the same line. */
export function tableNotWritten(error: unknown, files: MultiFiles, runs: number, settings: MultiSettings): UserError {
  const kept = runs > 1 ? `${files.dat} and its .csv still hold runs 1–${runs - 1}` : 'no table was written';
  return new UserError(
    `could not write the table after run ${runs}: ${fileProblem(error)}; ${kept}, and the traces are kept in ${settings.outDir}`,
    writeHint(error, settings.folder ?? OUT_FLAG),
  );
}
