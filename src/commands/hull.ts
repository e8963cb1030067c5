import path from 'node:path';
import type { Command } from 'commander';
import { declareCommand } from './command.js';
import { Interrupted, SIGNAL_EXIT, UserError, type StopSignal } from '../core/errors.js';
import { hullToJson, type Hull } from '../core/hull.js';
import { replayableUhull, saveHull, trainHull, type ExcludedRun, type HullShape } from '../ops/hull.js';
import { hullFromTraceFiles, saveInvocationHull } from '../ops/invocation-hull.js';
import type { InvocationHull } from '../core/invocation-hull-file.js';
import { addInvokeTrainingOptions, invokeTrainingFromFlags, trainOnInvocations, type InvokeTrainingFlags } from './hull-invoke.js';
import { formatInvocationHullLines } from '../report/invocation-hull-report.js';
import { hullPlotInput, plotFilesIn, readPlotTraces, writePlot } from '../ops/plot.js';
import { ensureSampleInputs } from '../tracer/samples/ensure.js';
import { numberFlag } from './flags.js';
import { RANGES } from '../core/number-input.js';
import { checkOutFolder } from './out-folder.js';
import { wrapLine } from '../core/text-width.js';
import { addHullShapeOptions, hullShapeFromFlags, type HullShapeFlags } from './hull-options.js';
import { statusLine, withEngineSession } from './session.js';
import { printTraceNotes } from './trace-notes.js';
import { formatHullReport, hullInterruptedLines } from '../report/hull-report.js';
import { swarmLines } from '../report/swarm-report.js';
import type { LostRun } from '../ops/swarm-spread.js';
import { addSwarmOptions, parseSwarmFlags, type SwarmFlags } from './swarm-options.js';
import { imageTrainingFromFlags, trainOnImage } from './hull-image.js';

interface HullCommandOptions extends HullShapeFlags, InvokeTrainingFlags, SwarmFlags {
  train?: boolean;
  from?: string[];
  inputs?: string[];
  fixed?: string;
  runs: string;
  seed?: string;
  out: string;
  json?: boolean;
  plot?: boolean;
  partial?: boolean;
}

export const hullCommand = declareCommand({
  name: 'hull',
  summary: 'train a memory hull and an upscaling hull',
  description:
    'Trace the sample resize function over the sample images (training mode, the default), IMAGE ARGS if given ' +
    '(here or with --on swarm over the nodes), or read recorded traces (--from), ' +
    'then write hull.json, the per-step maximum, and uhull.json, which raises memory ahead of growth, for `run --uhull`.',
  flags: (command) =>
    addSwarmOptions(addInvokeTrainingOptions(addHullShapeOptions(command)))
      .argument('[image]', 'train on this image instead of the resize function, every run the same')
      .argument('[args...]', 'arguments passed to the image')
      .passThroughOptions()
      .option('--train', 'training mode (the default): run functracer/resize over the inputs')
      .option('--from <csv...>', 'offline mode: compute from raw traces in the original CSV format')
      .option('--inputs <jpeg...>', 'training images (default: ref-data/sample-1mb/2mb/5mb.jpg)')
      .option('--fixed <jpeg>', 'train on this one image every run')
      .option('--runs <n>', 'training runs', '20')
      .option('--seed <n>', 'seed for shuffling the inputs')
      .option('--out <dir>', 'folder for hull.json, uhull.json and the traces', 'traces')
      .option('--json', 'print one JSON object')
      .option('--plot', 'also write hull-plot.svg and .png: the traces, the hull and the upscaling hull')
      .option('--partial', 'write hull.json and uhull.json even when the training is interrupted'),
  parse: ([image, args]: [string | undefined, string[]], options: HullCommandOptions, command) => {
    const shape = hullShapeFromFlags(options);
    refuseIgnoredFlags(options, command);
    const swarm = parseSwarmFlags(options);
    // Checked before any trace is read or run: a bad --out must cost neither, nor hang (a path under /proc).
    checkOutFolder(options.out);
    if (options.from) {
      if (image !== undefined || swarm)
        throw new UserError('--from reads recorded traces, and runs nothing', 'Drop --from, or the image and --on');
      return { options, shape, from: options.from };
    }
    // Flags first, so a typo costs neither sample inputs nor a run.
    const runs = numberFlag(options.runs, '--runs', { ...RANGES.runs, example: '20' });
    const seed = options.seed === undefined ? undefined : numberFlag(options.seed, '--seed', RANGES.seed);
    const onImage = imageTrainingFromFlags(image, args, options, runs, swarm);
    if (onImage) return { options, shape, onImage };
    const invoked = invokeTrainingFromFlags(options, runs);
    if (invoked) return { options, shape, invoked };
    return { options, shape, training: { runs, ...(seed !== undefined ? { seed } : {}) } };
  },
  run: async ({ options, shape, from, training, invoked, onImage }) => {
    const outcome = from
      ? await fromTraces(from, shape)
      : onImage
        ? await trainOnImage(onImage, shape, options)
        : invoked
          ? await trainOnInvocations(invoked, shape, options)
          : await train(options, shape, training!);
    // A hull from part of a training under-states the function; it never replaces a whole one unless asked.
    const write = !outcome.interrupted || options.partial === true;
    const saved = write ? await save(options.out, outcome) : undefined;
    const uhull = saved?.uhull ?? replayableUhull(outcome.uhull);
    const plot = options.plot && saved ? await writeHullPlot(outcome.traces, outcome.hull, uhull, options.out) : undefined;
    return { ...outcome, uhull, saved, plot };
  },
  json: ({ hull, uhull, saved, traces, excluded, interrupted, runs, plot, invocation, lost }, { shape }) => ({
    hull: hullToJson(hull),
    uhull: hullToJson(uhull),
    ...(invocation ? { invocation: invocationFigures(invocation) } : {}),
    files: saved?.files ?? null,
    traces,
    excluded,
    ...shape,
    interrupted,
    ...(runs ? { runs } : {}),
    ...(lost ? { lost } : {}),
    ...(plot ? { plot } : {}),
  }),
  text: (outcome, { options }, { width }) => {
    const { hull, uhull, saved, traces, excluded, interrupted, plot } = outcome;
    const lines = [
      ...(interrupted ? hullInterruptedLines(outcome, options.out, saved !== undefined) : []),
      formatHullReport(hull, uhull, outcome.invocation ? undefined : saved?.files, traces.length, excluded),
      ...(outcome.invocation ? formatInvocationHullLines(outcome.invocation, saved?.files) : []),
      ...(plot ? [`Plot: ${plot.svg}`, `  and ${plot.png}`] : []),
      ...(outcome.lost ? swarmLines(traces, outcome.lost, width, 'the hull') : []),
    ];
    return lines.flatMap((block) => block.split('\n')).flatMap((line) => wrapLine(line, width));
  },
  // A run the swarm lost is a failure, as multi counts it, though the hull was trained without it.
  exitCode: ({ interrupted, stoppedBy, lost }) => (interrupted ? SIGNAL_EXIT[stoppedBy ?? 'SIGINT'] : (lost?.length ?? 0) > 0 ? 1 : 0),
});

/** Flags that only shape a training run; --from reads traces already recorded. */
const TRAINING_FLAGS = ['train', 'inputs', 'fixed', 'runs', 'seed', 'partial', 'invoke', 'event', 'invocations', 'memory'] as const;

/** A flag that would be silently ignored is refused instead, so the hull is never other than the user thinks. */
function refuseIgnoredFlags(options: HullCommandOptions, command: Command): void {
  if (options.from) {
    const given = TRAINING_FLAGS.filter((name) => command.getOptionValueSource(name) === 'cli').map((name) => `--${name}`);
    if (given.length > 0) {
      const list = given.join(', ');
      throw new UserError(
        `${list} ${given.length > 1 ? 'are' : 'is'} for training, and --from reads recorded traces instead`,
        `Drop ${list}, or drop --from to train`,
      );
    }
  }
  if (options.fixed && options.inputs) {
    throw new UserError('--fixed trains on one image, so --inputs would be ignored', 'Give --fixed or --inputs, not both');
  }
}

export interface HullOutcome {
  hull: Hull;
  uhull: Hull;
  /** The traces the hull was computed from. */
  traces: { input?: string; rawCsv: string | null; exitCode?: number; oomKilled?: boolean; node?: string }[];
  /** Training runs left out of the hull, whose traces are still in --out. */
  excluded: { input: string; reason: string; rawCsv: string | null }[];
  interrupted: boolean;
  stoppedBy?: StopSignal;
  /** How many training runs were asked for and how many finished. */
  runs?: { asked: number; finished: number };
  /** Over invocations: the hull is of one warm invocation, the init and idle figures apart. */
  invocation?: InvocationHull;
  /** On a swarm: the runs it did not bring back (none lost: empty). */
  lost?: LostRun[];
}

/** The pair, or over invocations the set with invocation-hull.json. */
async function save(
  out: string,
  outcome: HullOutcome,
): Promise<{ files: { hull: string; uhull: string; invocationHull?: string }; uhull: Hull }> {
  if (!outcome.invocation) return saveHull(out, outcome.hull, outcome.uhull);
  return { files: await saveInvocationHull(out, outcome.invocation), uhull: outcome.invocation.uhull };
}

/** An invocation hull's own figures, for --json. */
function invocationFigures(h: InvocationHull) {
  return {
    initPeakMb: h.initPeakMb,
    initDurationMs: h.initDurationMs,
    idlePeakMb: h.idlePeakMb,
    warmInvocations: h.warmInvocations,
    containers: h.containers,
  };
}

async function fromTraces(files: string[], shape: HullShape): Promise<HullOutcome> {
  const { hull, uhull, notes, invocation } = await hullFromTraceFiles(files, shape);
  printTraceNotes(notes);
  return {
    hull,
    uhull,
    traces: files.map((rawCsv) => ({ rawCsv })),
    excluded: [],
    interrupted: false,
    ...(invocation ? { invocation } : {}),
  };
}

async function train(options: HullCommandOptions, shape: HullShape, { runs, seed }: { runs: number; seed?: number }): Promise<HullOutcome> {
  const status = statusLine(!options.json);
  return withEngineSession(async ({ runtime, signal, stoppedBy }) => {
    // Written only once an engine answers: without one, generating seconds of JPEGs would only delay the error.
    const inputs = options.fixed ? [options.fixed] : (options.inputs ?? (await ensureSampleInputs()).map((f) => f.path));
    const request = { ...shape, inputs, runs, fixed: Boolean(options.fixed), ...(seed !== undefined ? { seed } : {}) };
    const outcome = await trainHull(
      runtime,
      request,
      { outDir: options.out },
      { signal, onRunStart: (index, input) => status(`training run ${index + 1}/${runs} on ${path.basename(input)} …`) },
    );
    status('');
    const stopped = stoppedBy();
    if (!outcome.hull || !outcome.uhull) throw noRunSucceeded(outcome.excluded, options.out, stopped);
    const left = new Set(outcome.excluded.map((e) => e.index));
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
      runs: { asked: runs, finished: outcome.results.filter((r) => !r.interrupted).length },
      ...(stopped ? { stoppedBy: stopped } : {}),
    };
  });
}

/** Every training run failed or none finished: one line with the first reason, and where the traces are. */
function noRunSucceeded(excluded: readonly ExcludedRun[], out: string, stopped?: StopSignal): Error {
  const first = excluded[0];
  if (!first)
    return stopped
      ? new Interrupted(stopped, `stopped by ${stopped} before a training run finished, so there is no hull`)
      : new UserError('no training run finished', 'Let at least one run finish');
  const more = excluded.length > 1 ? ` and ${excluded.length - 1} more` : '';
  const message = `no training run succeeded, so there is no hull: run ${first.index + 1} on ${path.basename(first.input)}: ${first.reason}${more}`;
  if (stopped) return new Interrupted(stopped, `${message}; the traces are kept in ${out}`);
  return new UserError(message, `Their traces are kept in ${out}; check the inputs with functracer run functracer/resize`);
}

/** The training traces read back from their CSVs, the hull and the upscaling hull as written. */
async function writeHullPlot(traceFiles: HullOutcome['traces'], hull: Hull, uhull: Hull, out: string) {
  const kept = traceFiles.filter((t): t is HullOutcome['traces'][number] & { rawCsv: string } => t.rawCsv !== null);
  const read = await readPlotTraces(kept.map((t) => t.rawCsv));
  const traces = read.map((t, i) => (kept[i]!.input ? { ...t, name: undefined, input: kept[i]!.input } : t));
  return writePlot(hullPlotInput(traces, hull, uhull), plotFilesIn(out, 'hull'));
}
