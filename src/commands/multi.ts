import fs from 'node:fs';
import path from 'node:path';
import { numberFlag } from './flags.js';
import type { Command } from 'commander';
import { formatDat } from '../core/dat.js';
import { UserError } from '../core/errors.js';
import { runMany } from '../tracer/multi.js';
import { prepareOutDir } from '../infra/out-dir.js';
import { findProvider } from '../core/cost/providers.js';
import { loadProviders } from '../infra/provider-files.js';
import { newRunId, type RunResult } from '../tracer/tracer.js';
import { addRunOptions } from './run-options.js';
import { addReportOptions, parseSpec, traceOptions, type RunCommandOptions } from './run.js';
import { priceResult, runJson, type CostEntry } from './run-report.js';
import { loadUhullSchedule } from './uhull-file.js';
import { withEngineSession, SIGNAL_EXIT, statusLine } from './session.js';
import { datRowOf, multiCsv, multiStats, formatMultiReport } from './multi-report.js';
import { plotFilesIn, writeMultiPlot } from './plot-files.js';

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
    .requiredOption('-n, --runs <n>', 'how many runs')
    .option('--provider <id>', 'the provider the .dat columns are priced on', 'aws-lambda-2020')
    .option('--plot', "also write <name>-plot.svg and .png: every run overlaid on the provider's billing canvas");
  addRunOptions(multi);
  addReportOptions(multi).action(async (image: string, args: string[], options: MultiOptions) => {
    const runs = numberFlag(options.runs, '-n', 'positive integer', '10');
    const spec = parseSpec(image, args, options);
    const requests = numberFlag(options.requests, '--requests', 'positive integer', '1000000');
    const autotune = options.uhull ? loadUhullSchedule(options.uhull) : undefined;
    // Checked before any container runs: a typo in these must not cost a run.
    findProvider(
      loadProviders().map((p) => p.model),
      options.provider,
    );
    prepareOutDir(options.out);
    const name = `functracer-multi-${newRunId()}`;
    const datPath = path.join(options.out, `${name}-results.dat`);
    const csvPath = path.join(options.out, `${name}-results.csv`);
    const status = statusLine(!options.json);
    const finished: { result: RunResult; cost: CostEntry[] }[] = [];

    const { interrupted, stoppedBy } = await withEngineSession(async ({ runtime, signal, stoppedBy }) => {
      const outcome = await runMany(runtime, spec, {
        ...traceOptions(options, signal, autotune),
        runs,
        onRunStart: (index) => status(`run ${index + 1}/${runs} …`),
        onRunDone: (index, result) => {
          if (result.interrupted) return;
          const cost = priceResult(result, {
            requests,
            freeTier: Boolean(options.freeTier),
            ...(spec.memoryBytes ? { allocatedBytes: spec.memoryBytes } : {}),
          });
          finished.push({ result, cost });
          // Written after every run, so an interrupt or a crash keeps the finished ones.
          const rows = finished.map((f) => datRowOf(f.result, f.cost, options.provider));
          fs.writeFileSync(datPath, formatDat(rows));
          fs.writeFileSync(
            csvPath,
            multiCsv(
              finished.map((f) => f.result),
              rows,
            ),
          );
          status(`run ${index + 1}/${runs}: ${result.durationMs.toFixed(0)} ms, ${(result.peakBytes / 2 ** 20).toFixed(1)} MB`);
        },
      });
      status('');
      return { interrupted: outcome.interrupted, stoppedBy: stoppedBy() };
    });

    if (finished.length === 0) {
      if (interrupted) {
        process.exitCode = SIGNAL_EXIT[stoppedBy ?? 'SIGINT'];
        return;
      }
      throw new UserError('no run finished, so there is nothing to tabulate', 'Let at least one run finish');
    }
    const rows = finished.map((f) => datRowOf(f.result, f.cost, options.provider));
    const stats = multiStats(
      finished.map((f) => f.result),
      rows,
    );
    const plot = options.plot ? await writeMultiPlot(finished, options.provider, plotFilesIn(options.out, name)) : undefined;
    if (options.json) {
      const report = {
        runs: finished.map((f) => runJson(f.result, f.cost)),
        dat: datPath,
        csv: csvPath,
        stats,
        interrupted,
        ...(plot ? { plot } : {}),
      };
      process.stdout.write(`${JSON.stringify(report)}\n`);
    } else {
      process.stdout.write(
        `${formatMultiReport(rows, stats, { dat: datPath, csv: csvPath, provider: options.provider, requests, interrupted })}${plot ? `\nPlot:  ${plot.svg}, ${plot.png}` : ''}\n`,
      );
    }
    if (interrupted) process.exitCode = SIGNAL_EXIT[stoppedBy ?? 'SIGINT'];
  });
}
