import type { Command } from 'commander';
import { jsonLine } from '../core/json.js';
import { grouped } from '../core/units.js';
import { findProvider } from '../core/cost/providers.js';
import { SIGNAL_EXIT, UserError } from '../core/errors.js';
import { terminalSafe } from '../core/terminal-text.js';
import { runMulti } from '../ops/multi.js';
import { multiStem, plotFilesIn, writePlot, multiPlotInput } from '../ops/plot.js';
import { requireProviderSet } from '../ops/providers.js';
import { planOf } from '../core/run-plan.js';
import { checkOutFolder } from './out-folder.js';
import { numberFlag } from './flags.js';
import { RANGES } from '../core/number-input.js';
import { failedRunsNote, formatMultiReport } from '../report/multi-report.js';
import { outputWidth } from '../core/text-width.js';
import { addRunOptions } from './run-options.js';
import { runJson } from '../report/run-report.js';
import { addReportOptions, parseRunFlags, type RunCommandOptions } from './run.js';
import { estimateNote, statusLine, withEngineSession } from './session.js';
import { aboutTime } from '../core/estimate.js';
import type { RunResult } from '../tracer/tracer.js';

interface MultiOptions extends RunCommandOptions {
  runs: string;
  provider: string;
  plot?: boolean;
}

export function registerMulti(program: Command): void {
  const multi = program
    .command('multi')
    .summary('trace N runs of an image and tabulate them')
    .description(
      'Run IMAGE N times one after another, then write the original .dat table, a CSV with a header and the statistics of duration, peak and cost.',
    )
    .requiredOption('-n, --runs <n>', 'how many runs (required)')
    .option('--provider <id>', 'the provider the .dat columns are priced on', 'aws-lambda-2020')
    .option('--plot', "also write <name>-plot.svg and .png: every run overlaid on the provider's billing canvas");
  addRunOptions(multi);
  addReportOptions(multi).action(async (image: string, args: string[], options: MultiOptions) => {
    const runs = numberFlag(options.runs, '-n', RANGES.runs);
    const request = parseRunFlags(image, args, options);
    // Checked before any container runs: a typo in these must not cost a run.
    findProvider(requireProviderSet().models, options.provider);
    checkOutFolder(options.out);
    const status = statusLine(!options.json);
    const { outcome, stoppedBy } = await withEngineSession(async ({ runtime, signal, stoppedBy }) => {
      // A provider that cannot price the first run cannot price the rest: stop there rather than run them all.
      const unpriceable = new AbortController();
      const startedAt = Date.now();
      const left = (done: number) => (done === 0 ? '' : ` · ${aboutTime(((Date.now() - startedAt) / done) * (runs - done))} left`);
      const outcome = await runMulti(
        runtime,
        planOf(request.spec),
        { ...request.trace, runs, provider: options.provider, pricing: request.pricing },
        {
          signal: AbortSignal.any([signal, unpriceable.signal]),
          onStatus: status,
          onEstimate: estimateNote(status),
          onRunStart: (index) => status(`run ${index + 1}/${runs} …${left(index)}`),
          onRunDone: (index, result, table) => {
            if (table.error) unpriceable.abort();
            status(`run ${index + 1}/${runs}: ${grouped(result.durationMs)} ms, ${(result.peakBytes / 2 ** 20).toFixed(1)} MiB`);
          },
        },
      );
      status('');
      return { outcome, stoppedBy: stoppedBy() };
    });

    const { results, table, files, interrupted, hostLoad } = outcome;
    if (table.error) throw new UserError(`--${table.error.message}`, 'Choose another --provider');
    const signal = stoppedBy ?? 'SIGINT';
    // Every run that was not interrupted is tabulated, so no table means the first run was stopped; scripts still get their answer.
    if (!files || !table.stats) {
      process.stdout.write(
        options.json
          ? jsonLine({ runs: [], dat: null, csv: null, stats: null, interrupted: true })
          : `Interrupted by ${signal} before the first run finished: no table written.\n`,
      );
      process.exitCode = SIGNAL_EXIT[signal];
      return;
    }
    const plot = options.plot
      ? await writePlot(multiPlotInput(image, results, table.costs, options.provider), plotFilesIn(options.out, multiStem(files.dat)))
      : undefined;
    if (options.json) {
      const report = {
        runs: results.map((r, i) => runJson(r, table.costs[i]!)),
        dat: files.dat,
        csv: files.csv,
        stats: table.stats,
        hostLoad,
        interrupted,
        ...(plot ? { plot } : {}),
      };
      process.stdout.write(jsonLine(report));
    } else {
      const text = formatMultiReport(
        table.rows,
        table.stats,
        {
          ...files,
          provider: options.provider,
          requests: request.pricing.requests,
          interrupted,
          failed: failedRunsNote(results),
          hostLoad,
        },
        outputWidth(process.env, process.stdout.columns),
      );
      process.stdout.write(`${text}${plot ? `\nPlot:  ${terminalSafe(plot.svg)}\n       ${terminalSafe(plot.png)}` : ''}\n`);
    }
    if (interrupted) process.exitCode = SIGNAL_EXIT[signal];
    else {
      // As `run` exits with its function's code, a script learns that some run failed: the first failure's code.
      const firstFailure = results.find(failed);
      process.exitCode = firstFailure ? firstFailure.exitCode || 1 : 0;
    }
  });
}

const failed = (result: RunResult) => result.exitCode !== 0 || result.oomKilled;
