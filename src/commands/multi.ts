import { grouped } from '../core/units.js';
import { runSteps } from './run-steps.js';
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
import { addRunOptions } from './run-options.js';
import { runJson } from '../report/run-report.js';
import { addReportOptions, parseRunFlags, type ParsedRunFlags, type RunCommandOptions } from './run.js';
import { declareCommand } from './command.js';
import { estimateNote, statusLine, withEngineSession, withStopSignals, type EngineSession } from './session.js';
import { openSwarm } from '../ops/swarm.js';
import { swarmPlacement } from '../ops/swarm-placement.js';
import { aboutTime } from '../core/estimate.js';
import type { RunResult } from '../tracer/tracer.js';
import { addSwarmOptions, parseSwarmFlags, type SwarmFlags } from './swarm-options.js';
import { runMultiSwarm } from './swarm-multi.js';
import type { LostRun, SwarmMultiOutcome } from '../ops/swarm-multi.js';
import { swarmLines } from '../report/swarm-report.js';
import { addEventOptions, givenEventFlags, refuseUnusedEventFlags, sessionEventsFromFlags, type EventFlags } from './invoke-flags.js';
import { lambdaFunctionReason } from '../ops/run-once.js';
import { invokedExitCode, runInvokedSessions, type InvokedRun } from './multi-invoke.js';
import { formatInvokedMultiReport, invokedMultiJson } from '../report/multi-invoke-report.js';

interface MultiOptions extends RunCommandOptions, EventFlags, SwarmFlags {
  runs: string;
  provider: string;
  plot?: boolean;
}

export const multiCommand = declareCommand({
  name: 'multi',
  summary: 'trace N runs of an image and tabulate them',
  description:
    'Run IMAGE N times one after another, then write the original .dat table, a CSV with a header and the statistics of duration, peak and cost.',
  flags: (command) =>
    addReportOptions(
      addRunOptions(
        addSwarmOptions(
          addEventOptions(command)
            .requiredOption('-n, --runs <n>', 'how many runs (required)')
            .option('--provider <id>', 'the provider the .dat columns are priced on', 'aws-lambda-2020')
            .option('--plot', "also write <name>-plot.svg and .png: every run overlaid on the provider's billing canvas"),
        ),
      ),
    ),
  parse: ([image, args]: [string, string[]], options: MultiOptions, command) => {
    const runs = numberFlag(options.runs, '-n', RANGES.runs);
    const sessionEvents = sessionEventsFromFlags(options);
    const eventFlags = givenEventFlags(command);
    const request = parseRunFlags(image, args, options);
    const swarm = parseSwarmFlags(options);
    // Checked before any container runs: a typo in these must not cost a run.
    findProvider(requireProviderSet().models, options.provider);
    checkOutFolder(options.out);
    return {
      ...request,
      image,
      runs,
      provider: options.provider,
      out: options.out,
      plot: options.plot === true,
      json: options.json === true,
      swarm,
      sessionEvents,
      eventFlags,
    };
  },
  run: async (request) => {
    const all = await runAll(request);
    if ('invoked' in all) return { signal: all.stoppedBy ?? 'SIGINT', invoked: all.invoked };
    const { outcome, stoppedBy } = all;
    const { results, table, files } = outcome;
    if (table.error) throw new UserError(`--${table.error.message}`, 'Choose another --provider');
    const signal = stoppedBy ?? 'SIGINT';
    // Every run that was not interrupted is tabulated, so no table means the first run was stopped; scripts still get their answer.
    if (!files || !table.stats) return { signal };
    const plot = request.plot
      ? await writePlot(
          multiPlotInput(request.image, results, table.costs, request.provider),
          plotFilesIn(request.out, multiStem(files.dat)),
        )
      : undefined;
    return { signal, tabled: { ...outcome, files, stats: table.stats, plot } };
  },
  json: ({ tabled, invoked }) => {
    if (invoked) return invokedMultiJson(invoked);
    if (!tabled) return { runs: [], dat: null, csv: null, stats: null, interrupted: true };
    const { results, table, files, stats, hostLoad, interrupted, plot } = tabled;
    return {
      runs: results.map((r, i) => ({ ...runJson(r, table.costs[i]!), ...(r.node !== undefined ? { node: r.node } : {}) })),
      ...(lostOf(tabled) ? { lost: lostOf(tabled) } : {}),
      dat: files.dat,
      csv: files.csv,
      stats,
      hostLoad,
      interrupted,
      ...(plot ? { plot } : {}),
    };
  },
  text: ({ tabled, signal, invoked }, request, { width }) => {
    if (invoked) {
      const report = formatInvokedMultiReport(invoked, request.provider, width);
      // On a swarm: the nodes the sessions ran on, and the sessions lost.
      const nodes = invoked.lost
        ? swarmLines(
            invoked.sessions.map((s) => ({ node: s.runs[0]?.node })),
            invoked.lost,
            width,
          )
        : [];
      return [report, ...nodes];
    }
    if (!tabled) return [`Interrupted by ${signal} before the first run finished: no table written.`];
    const { results, table, files, stats, hostLoad, interrupted, plot } = tabled;
    const text = formatMultiReport(
      table.rows,
      stats,
      {
        ...files,
        provider: request.provider,
        requests: request.pricing.requests,
        interrupted,
        failed: failedRunsNote(results),
        hostLoad,
      },
      width,
    );
    const lost = lostOf(tabled);
    const swarm = lost ? swarmLines(results, lost, width) : [];
    return [`${text}${plot ? `\nPlot:  ${terminalSafe(plot.svg)}\n       ${terminalSafe(plot.png)}` : ''}`, ...swarm];
  },
  exitCode: ({ tabled, signal, invoked }) => {
    if (invoked) return invokedExitCode(invoked, signal);
    if (!tabled || tabled.interrupted) return SIGNAL_EXIT[signal];
    // As `run` exits with its function's code, a script learns that some run failed: the first failure's code.
    const firstFailure = tabled.results.find(failed);
    // A run the swarm lost is a failure too, though it has no exit code of its own.
    return firstFailure ? firstFailure.exitCode || 1 : (lostOf(tabled)?.length ?? 0) > 0 ? 1 : 0;
  },
});

type MultiRequest = ParsedRunFlags & {
  runs: number;
  provider: string;
  json: boolean;
  image: string;
  sessionEvents: ReturnType<typeof sessionEventsFromFlags>;
  eventFlags: string[];
  swarm: ReturnType<typeof parseSwarmFlags>;
};

/** The runs one after another (or over a swarm's nodes), with their progress on the status line. */
async function runAll(
  request: MultiRequest,
): Promise<InvokedRun | Awaited<ReturnType<typeof runPlain>> | Awaited<ReturnType<typeof runMultiSwarm>>> {
  const status = statusLine(!request.json);
  const { swarm } = request;
  if (swarm) {
    return withStopSignals(async (signal, stoppedBy) => {
      const session = await openSwarm(planOf(request.spec), swarm, status, signal);
      // Asked of the manager's engine, which holds the image the nodes pull.
      if (await lambdaFunctionReason(session.runtime, planOf(request.spec), { signal, onStatus: status })) {
        return runInvokedSessions({ runtime: session.runtime, signal, stoppedBy }, request, status, swarmPlacement(session).invoke);
      }
      refuseUnusedEventFlags(request.eventFlags, request.image);
      return runMultiSwarm(session, settingsOf(request), status, signal, stoppedBy);
    });
  }
  return withEngineSession(async (session) => {
    // A Lambda-style function is invoked, each run a session of the events; anything else runs as it always has.
    if (await lambdaFunctionReason(session.runtime, planOf(request.spec), { signal: session.signal, onStatus: status })) {
      return runInvokedSessions(session, request, status);
    }
    refuseUnusedEventFlags(request.eventFlags, request.image);
    return runPlain(session, request, status);
  });
}

/** The runs of a function that runs once and exits. */
async function runPlain({ runtime, signal, stoppedBy }: EngineSession, request: MultiRequest, status: (line: string) => void) {
  const { runs } = request;
  const settings = settingsOf(request);
  {
    // A provider that cannot price the first run cannot price the rest: stop there rather than run them all.
    const unpriceable = new AbortController();
    const startedAt = Date.now();
    const left = (done: number) => (done === 0 ? '' : ` · ${aboutTime(((Date.now() - startedAt) / done) * (runs - done))} left`);
    const steps = runSteps(status);
    const outcome = await runMulti(runtime, planOf(request.spec), settings, {
      signal: AbortSignal.any([signal, unpriceable.signal]),
      onStatus: steps.step,
      onSamples: steps.samples,
      onEstimate: estimateNote(status),
      onRunStart: (index) => steps.runs(`run ${index + 1}/${runs}`, left(index)),
      onRunDone: (index, result, table) => {
        if (table.error) unpriceable.abort();
        status(`run ${index + 1}/${runs}: ${grouped(result.durationMs)} ms, ${(result.peakBytes / 2 ** 20).toFixed(1)} MiB`);
      },
    });
    status('');
    return { outcome, stoppedBy: stoppedBy() };
  }
}

const settingsOf = (request: MultiRequest) => ({
  ...request.trace,
  runs: request.runs,
  provider: request.provider,
  pricing: request.pricing,
});

/** The runs a swarm lost; undefined for runs on this engine. */
const lostOf = (outcome: object): LostRun[] | undefined => ('lost' in outcome ? (outcome as SwarmMultiOutcome).lost : undefined);

const failed = (result: RunResult) => result.exitCode !== 0 || result.oomKilled;
