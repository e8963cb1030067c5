import fs from 'node:fs';
import path from 'node:path';
import { numberFlag } from './flags.js';
import type { Command } from 'commander';
import { UserError } from '../core/errors.js';
import { computeHull, computeUhull, floorHull, hullToJson, type Hull } from '../core/hull.js';
import { MIB } from '../core/units.js';
import { ENGINE_MIN_LIMIT_BYTES } from '../tracer/autotuner.js';
import { readRawCsv } from '../core/raw-csv.js';
import { ensureSampleInputs } from '../tracer/samples/ensure.js';
import { trainHull, type ExcludedRun } from '../tracer/hull-training.js';
import { addHullShapeOptions, hullShapeFromFlags, type HullShape, type HullShapeFlags } from './hull-options.js';
import { plotFilesIn, writeHullPlot } from './plot-files.js';
import { SIGNAL_EXIT, statusLine, withEngineSession } from './session.js';

interface HullCommandOptions extends HullShapeFlags {
  train?: boolean;
  from?: string[];
  inputs?: string[];
  fixed?: string;
  runs: string;
  seed?: string;
  out: string;
  json?: boolean;
  plot?: boolean;
}

export function registerHull(program: Command): void {
  addHullShapeOptions(program.command('hull'))
    .summary('train a memory hull and an upscaling hull')
    .description(
      'Trace the sample resize function over the sample images (training mode, the default) or read recorded traces (--from), ' +
        'then write hull.json, the per-step maximum, and uhull.json, which raises memory ahead of growth, for `run --uhull`.',
    )
    .option('--train', 'training mode (the default): run functracer/resize over the inputs')
    .option('--from <csv...>', 'offline mode: compute from raw traces in the original CSV format')
    .option('--inputs <jpeg...>', 'training images (default: ref-data/sample-1mb/2mb/5mb.jpg)')
    .option('--fixed <jpeg>', 'train on this one image every run')
    .option('--runs <n>', 'training runs', '20')
    .option('--seed <n>', 'seed for shuffling the inputs')
    .option('--out <dir>', 'folder for hull.json, uhull.json and the traces', 'traces')
    .option('--json', 'print one JSON object')
    .option('--plot', 'also write hull-plot.svg and .png: the traces, the hull and the upscaling hull')
    .action(async (options: HullCommandOptions) => {
      const shape = hullShapeFromFlags(options);
      const outcome = options.from ? fromTraces(options.from, shape) : await train(options, shape);
      fs.mkdirSync(options.out, { recursive: true });
      const files = { hull: path.join(options.out, 'hull.json'), uhull: path.join(options.out, 'uhull.json') };
      fs.writeFileSync(files.hull, `${JSON.stringify(hullToJson(outcome.hull))}\n`);
      // uhull.json is what `run --uhull` replays, so it must hold limits the engine accepts.
      const uhull = floorHull(outcome.uhull, ENGINE_MIN_LIMIT_BYTES / MIB);
      fs.writeFileSync(files.uhull, `${JSON.stringify(hullToJson(uhull))}\n`);
      const plot = options.plot ? await writeHullPlot(outcome.traces, outcome.hull, uhull, plotFilesIn(options.out, 'hull')) : undefined;
      const { excluded } = outcome;
      const report = {
        hull: hullToJson(outcome.hull),
        uhull: hullToJson(uhull),
        files,
        traces: outcome.traces,
        excluded,
        ...shape,
        interrupted: outcome.interrupted,
        ...(plot ? { plot } : {}),
      };
      const text = `${formatHullReport(outcome.hull, uhull, files, outcome.traces.length, excluded)}${plot ? `\nPlot: ${plot.svg}, ${plot.png}` : ''}`;
      process.stdout.write(options.json ? `${JSON.stringify(report)}\n` : `${text}\n`);
      if (outcome.interrupted) process.exitCode = SIGNAL_EXIT[outcome.stoppedBy ?? 'SIGINT'];
    });
}

interface HullOutcome {
  hull: Hull;
  uhull: Hull;
  /** The traces the hull was computed from. */
  traces: { input?: string; rawCsv: string | null; exitCode?: number; oomKilled?: boolean }[];
  /** Training runs left out of the hull, whose traces are still in --out. */
  excluded: { input: string; reason: string; rawCsv: string | null }[];
  interrupted: boolean;
  stoppedBy?: 'SIGINT' | 'SIGTERM';
}

function fromTraces(files: string[], shape: HullShape): HullOutcome {
  const traces = files.map((file) => {
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch (error) {
      throw new UserError(
        `cannot read trace ${file} (${(error as NodeJS.ErrnoException).code ?? String(error)})`,
        'Pass raw trace CSV files',
      );
    }
    const { trace } = readRawCsv(text, file);
    if (trace.length === 0)
      throw new UserError(`${file} holds no samples`, 'Pass traces with at least one sample between the start and finish rows');
    return trace;
  });
  const hull = computeHull(traces, shape);
  return { hull, uhull: computeUhull(hull, shape), traces: files.map((rawCsv) => ({ rawCsv })), excluded: [], interrupted: false };
}

async function train(options: HullCommandOptions, shape: HullShape): Promise<HullOutcome> {
  // Flags first, so a typo costs neither sample inputs nor a run.
  const runs = numberFlag(options.runs, '--runs', 'positive integer', '20');
  const seed = options.seed === undefined ? undefined : numberFlag(options.seed, '--seed', 'non-negative integer', '42');
  const inputs = options.fixed ? [options.fixed] : (options.inputs ?? (await ensureSampleInputs()).map((f) => f.path));
  const status = statusLine(!options.json);
  return withEngineSession(async ({ runtime, signal, stoppedBy }) => {
    const outcome = await trainHull(runtime, {
      ...shape,
      inputs,
      runs,
      fixed: Boolean(options.fixed),
      outDir: options.out,
      signal,
      ...(seed !== undefined ? { seed } : {}),
      onRunStart: (index, input) => status(`training run ${index + 1}/${runs} on ${path.basename(input)} …`),
    });
    status('');
    if (outcome.results.length === 0) throw new UserError('no training run finished', 'Let at least one run finish');
    const stopped = stoppedBy();
    const left = new Set(outcome.excluded.map((e) => e.index));
    if (left.size === outcome.results.length) throw noRunSucceeded(outcome.excluded, options.out, stopped);
    const traces = outcome.results.flatMap((r, i) =>
      left.has(i) ? [] : [{ input: outcome.inputs[i]!, rawCsv: r.rawCsv, exitCode: r.exitCode, oomKilled: r.oomKilled }],
    );
    const excluded = outcome.excluded.map(({ input, reason, rawCsv }) => ({ input, reason, rawCsv }));
    return {
      hull: outcome.hull,
      uhull: outcome.uhull,
      traces,
      excluded,
      interrupted: outcome.interrupted,
      ...(stopped ? { stoppedBy: stopped } : {}),
    };
  });
}

/** Every training run failed: one line with the first reason, and where the traces are; a signal keeps its exit code. */
function noRunSucceeded(excluded: readonly ExcludedRun[], out: string, stopped?: 'SIGINT' | 'SIGTERM'): UserError {
  const first = excluded[0]!;
  const more = excluded.length > 1 ? ` and ${excluded.length - 1} more` : '';
  return new UserError(
    `no training run succeeded, so there is no hull: run ${first.index + 1} on ${path.basename(first.input)}: ${first.reason}${more}`,
    `Their traces are kept in ${out}; check the inputs with functracer run functracer/resize`,
    stopped ? SIGNAL_EXIT[stopped] : 2,
  );
}

function formatHullReport(
  hull: Hull,
  uhull: Hull,
  files: { hull: string; uhull: string },
  traces: number,
  excluded: HullOutcome['excluded'],
): string {
  const peak = (h: Hull) => Math.max(0, ...h.mb).toFixed(1);
  const seconds = ((hull.buckets.at(-1) ?? 0) * hull.stepMs) / 1000;
  const left =
    excluded.length === 0
      ? []
      : [
          `Left out ${excluded.length} failed run(s); their traces are kept:`,
          ...excluded.map((e) => `  ${path.basename(e.input)}: ${e.reason}${e.rawCsv ? ` (${e.rawCsv})` : ''}`),
        ];
  return [
    `Hull over ${traces} trace(s): ${hull.buckets.length} steps of ${hull.stepMs / 1000} s up to ${seconds.toFixed(1)} s`,
    `  peak ${peak(hull)} MB; upscaling hull peak ${peak(uhull)} MB`,
    ...left,
    `Wrote ${files.hull} and ${files.uhull}`,
    `Autotune a run with it: functracer run --uhull ${files.uhull} …`,
  ].join('\n');
}
