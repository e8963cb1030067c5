import path from 'node:path';
import type { Command } from 'commander';
import { UserError } from '../core/errors.js';
import { asciiPlot } from '../core/plot-ascii.js';
import type { PlotInput } from '../core/plot-spec.js';
import { terminalSafe } from '../core/terminal-text.js';
import { NO_LIMIT_BYTES } from '../infra/no-limit.js';
import { foldHull, replayableUhull, type HullShape } from '../ops/hull.js';
import { canvasForTraces, plotFilesFor, readPlotTraces, writePlot } from '../ops/plot.js';
import { declareCommand } from './command.js';
import { addHullShapeOptions, hullShapeFromFlags, type HullShapeFlags } from './hull-options.js';
import { warnIfShared } from './out-folder.js';
import { printTraceNotes } from './trace-notes.js';

interface PlotOptions extends HullShapeFlags {
  hull?: boolean;
  uhull?: boolean;
  canvas?: string;
  out?: string;
  title?: string;
  json?: boolean;
}

export const plotCommand = declareCommand({
  name: 'plot',
  summary: 'draw traces with their hull, upscaling hull and billing canvas',
  description:
    "Draw raw traces (the original two-column CSV or functracer's three-column one) as memory (MB) over time (s), " +
    "with the hull and upscaling hull computed from them and a provider's billing canvas. " +
    'With --out it writes an SVG and a PNG; without, it draws in the terminal.',
  flags: (command) =>
    addHullShapeOptions(command)
      .argument('<files...>', 'raw trace CSV files')
      .option('--hull', 'draw the hull: the per-step maximum over the traces')
      .option('--uhull', 'draw the upscaling hull')
      .option('--canvas <provider>', "draw the provider's billed memory and duration, and (dashed) what was used")
      .option('--out <file>', 'write plot.svg or plot.png, and the other format beside it')
      .option('--title <text>', "the picture's title")
      .option('--json', 'with --out, print the files written as one JSON object'),
  parse: ([files]: [string[]], options: PlotOptions, command) => {
    refuseIgnoredFlags(options, command);
    const shape = hullShapeFromFlags(options);
    // Flags are checked before any file is read, so a typo costs no parsing of a long trace.
    const pictures = options.out !== undefined ? plotFilesFor(options.out) : undefined;
    return { files, options, shape, pictures };
  },
  run: async ({ files, options, shape, pictures }) => {
    const input = await plotInput(files, options, shape);
    if (pictures === undefined) return { input };
    warnIfShared(path.dirname(pictures.svg));
    return { input, written: await writePlot(input, pictures) };
  },
  json: ({ written }) => ({ plot: written }),
  text: ({ input, written }, _request, { width, rows, color }) => {
    if (written) return [`Wrote ${terminalSafe(written.svg)} and ${terminalSafe(written.png)}`];
    const height = Math.min(20, Math.max(8, rows - 6));
    return [asciiPlot(input, { width, height, color }).join('\n')];
  },
});

/** A flag that would change nothing is refused, so the picture is never other than the user thinks. */
function refuseIgnoredFlags(options: PlotOptions, command: Command): void {
  if (options.json && options.out === undefined) {
    throw new UserError(
      '--json names the files --out writes, and without --out the plot is drawn here',
      'Add --out plot.svg, or drop --json',
    );
  }
  const shaping = ['step', 'lookahead', 'buffer'].filter((name) => command.getOptionValueSource(name) === 'cli');
  if (shaping.length > 0 && !options.hull && !options.uhull) {
    const list = shaping.map((name) => `--${name}`).join(', ');
    throw new UserError(`${list} ${shaping.length > 1 ? 'shape' : 'shapes'} the hulls, and none is drawn`, 'Add --hull or --uhull');
  }
}

async function plotInput(files: string[], options: PlotOptions, shape: HullShape): Promise<PlotInput> {
  const traces = await readPlotTraces(files);
  printTraceNotes(traces.flatMap((t) => t.notes));
  const hulls = options.hull || options.uhull ? foldHull(traces, shape) : undefined;
  const title = options.title ?? (traces.length === 1 ? `Memory of ${traces[0]!.name}` : `Memory of ${traces.length} traces`);
  return {
    title,
    traces,
    noLimitBytes: NO_LIMIT_BYTES,
    ...(options.hull && hulls ? { hull: hulls.hull } : {}),
    // Floored as hull writes uhull.json and hull --plot draws it.
    ...(options.uhull && hulls ? { uhull: replayableUhull(hulls.uhull) } : {}),
    ...(options.canvas !== undefined ? { canvas: canvasForTraces(options.canvas, traces) } : {}),
  };
}
