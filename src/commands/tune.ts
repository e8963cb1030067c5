import { Option, type Command } from 'commander';
import { findProvider } from '../core/cost/providers.js';
import { SIGNAL_EXIT, UserError, type StopSignal } from '../core/errors.js';
import { checkOutFolder } from './out-folder.js';
import { requireProviderSet } from '../ops/providers.js';
import { planOf } from '../core/run-plan.js';
import { tune, tuneSizes, TUNE_DEFAULTS, TUNE_STRATEGIES, type TuneOutcome, type TuneStrategy } from '../ops/tune.js';
import { numberFlag } from './flags.js';
import { RANGES } from '../core/number-input.js';
import { addRunOptions } from './run-options.js';
import { parseRunFlags, type RunCommandOptions } from './run.js';
import { DEFAULT_INTERVAL_MS, INTERVAL_RANGE_MS } from '../tracer/cgroup/sampler.js';
import { estimateNote, statusLine, withEngineSession, withStopSignals } from './session.js';
import { openSwarm } from '../ops/swarm.js';
import { swarmPlacement } from '../ops/swarm-placement.js';
import { addSwarmOptions, parseSwarmFlags } from './swarm-options.js';
import { aboutTime } from '../core/estimate.js';
import { formatTuneReport, tuneJson } from '../report/tune-report.js';
import { writeTunePlot, type PlotFiles } from '../ops/plot.js';
import { declareCommand } from './command.js';
import { addEventOptions, givenEventFlags, refuseUnusedEventFlags, sessionEventsFromFlags, type EventFlags } from './invoke-flags.js';
import { lambdaFunctionReason } from '../ops/run-once.js';
import { tuneInvoked, type InvokedTuneOutcome } from '../ops/tune-invoke.js';
import { formatInvokedTuneReport, invokedTuneJson } from '../report/tune-invoke-report.js';
import { withMemorySize } from '../ops/lambda-spec.js';
import type { ContainerRuntime } from '../tracer/runtime.js';
import { invokedNetworkMode } from '../ops/api-network.js';
import { runSteps } from './run-steps.js';
import { swarmLines } from '../report/swarm-report.js';

interface TuneOptions extends RunCommandOptions, EventFlags {
  plot?: boolean;
  provider: string;
  sizes?: string;
  runs: string;
  strategy: TuneStrategy;
  balancedWeight: string;
  discard: string;
  cpuScale: string;
  parallel: string;
  on?: string;
  shareNodes?: boolean;
  registry?: string;
}

export const tuneCommand = declareCommand({
  name: 'tune',
  summary: 'find the cheapest, the fastest and the balanced memory size for a function',
  description:
    "Run IMAGE at several memory sizes, each with the CPU the provider gives that size (Docker's CPU quota), N times a size; report the duration, peak and cost of each, which sizes run out of memory, what dynamic allocation would save, and the best size for the strategy. Like AWS Lambda Power Tuning, on this machine and for any provider.",
  flags: tuneFlags,
  parse: ([image, args]: [string, string[]], options: TuneOptions, command) => {
    const sessionEvents = sessionEventsFromFlags(options);
    const eventFlags = givenEventFlags(command);
    const runs = numberFlag(options.runs, '--runs', { ...RANGES.runs, example: '5' });
    const balancedWeight = numberFlag(options.balancedWeight, '--balanced-weight', {
      kind: 'non-negative',
      min: 0,
      max: 1,
      example: '0.5',
    });
    const discard = numberFlag(options.discard, '--discard', { kind: 'non-negative', min: 0, max: 0.4, example: '0.2' });
    // A slower or faster host core, within reason: a scale of 1e-320 would give each size no CPU cap at all.
    const cpuScale = numberFlag(options.cpuScale, '--cpu-scale', { kind: 'positive', min: 0.01, max: 100, example: '1' });
    const parallel = numberFlag(options.parallel, '--parallel', { kind: 'positive integer', max: 1024, example: '2' });
    if (options.memory) throw new UserError('tune sets the memory itself, one size at a time', 'Drop --memory and give --sizes instead');
    if (options.cpus || options.memorySwap)
      throw new UserError(
        'tune sets the CPU and swap itself at each size',
        'Drop --cpus and --memory-swap; --cpu-scale adjusts the CPU to this host',
      );
    const provider = findProvider(requireProviderSet().models, options.provider);
    const sizes = tuneSizes(options.sizes, provider);
    // Prices are per invocation and per 1M requests, without a free tier: the figures that compare sizes.
    const request = parseRunFlags(image, args, { ...options, requests: '1000000' });
    checkOutFolder(options.out);
    const plan = planOf(request.spec);
    const swarm = parseSwarmFlags(options, { ownParallel: false });
    return {
      swarm: swarm && { ...swarm, parallel },
      trace: request.trace,
      tune: { plan, provider, sizes, runs, discard, cpuScale, strategy: options.strategy, balancedWeight, parallel },
      out: options.out,
      plot: options.plot === true,
      json: options.json === true,
      image,
      sessionEvents,
      eventFlags,
    };
  },
  run: async (request): Promise<TuneRan> => {
    const { runs, sizes } = request.tune;
    const status = statusLine(!request.json);
    const hooks = (signal: AbortSignal) => ({
      signal,
      // The CLI only says how long the rest take (Ctrl-C stops): with --parallel, runs need not wait for the first.
      onEstimateNote: estimateNote(status),
      ...runningLine(runs, sizes.length * runs, status),
    });
    const { swarm } = request;
    // A Lambda-style function is invoked at each size, each run a session of the events.
    const invokedAt = (runtime: ContainerRuntime, signal: AbortSignal, placement?: Parameters<typeof tuneInvoked>[4]) =>
      tuneInvoked(
        runtime,
        {
          ...request.tune,
          plan: {
            ...request.tune.plan,
            spec: withMemorySize({
              ...request.tune.plan.spec,
              networkMode: invokedNetworkMode(request.tune.plan.spec.networkMode, placement !== undefined),
            }),
          },
          ...request.sessionEvents,
        },
        request.trace,
        { signal, onStatus: status, onRunStart: (mb, index) => status(`${mb} MB: session ${index + 1}/${runs} …`) },
        placement,
      );
    if (swarm) {
      const ran = await withStopSignals(async (signal, stoppedBy) => {
        const session = await openSwarm(request.tune.plan, swarm, status, signal);
        const placement = swarmPlacement(session);
        // Asked of the manager's engine, which holds the image the nodes pull.
        if (await lambdaFunctionReason(session.runtime, request.tune.plan, { signal, onStatus: status })) {
          const invoked = await invokedAt(session.runtime, signal, { invoke: placement.invoke, cpus: session.nodeCpus });
          status('');
          return { invoked, stoppedBy: stoppedBy() };
        }
        refuseUnusedEventFlags(request.eventFlags, request.image);
        const outcome = await tune(session.runtime, request.tune, request.trace, hooks(signal), {
          run: placement.run,
          cpus: session.nodeCpus,
        });
        status('');
        return { outcome, stoppedBy: stoppedBy() };
      });
      return finish(ran, request);
    }
    const ran = await withEngineSession(async ({ runtime, signal, stoppedBy }) => {
      if (await lambdaFunctionReason(runtime, request.tune.plan, { signal, onStatus: status })) {
        const invoked = await invokedAt(runtime, signal);
        status('');
        return { invoked, stoppedBy: stoppedBy() };
      }
      refuseUnusedEventFlags(request.eventFlags, request.image);
      const outcome = await tune(runtime, request.tune, request.trace, hooks(signal));
      status('');
      return { outcome, stoppedBy: stoppedBy() };
    });
    return finish(ran, request);
  },
  json: (ran) => {
    if (ran.invoked) return invokedTuneJson(ran.invoked);
    const { outcome, plot } = ran;
    return { ...tuneJson(outcome), ...(plot ? { plot } : {}) };
  },
  text: (ran, request, { width, color }) => {
    if (ran.invoked) {
      const sessions = ran.invoked.sizes.flatMap((s) => s.sessions.map((session) => ({ node: session.runs[0]?.node })));
      return [formatInvokedTuneReport(ran.invoked, width), ...nodeLines(sessions, ran.invoked.lost, width)];
    }
    const { outcome, plot } = ran;
    const files = plot ? [`Plot: ${plot.svg}`, `  and ${plot.png}`] : request.plot ? ['No plot: no size fitted.'] : [];
    return [
      formatTuneReport(outcome, width, { rows: 5, color }, files),
      ...nodeLines(
        outcome.sizes.flatMap((s) => s.results),
        outcome.lost,
        width,
      ),
    ];
  },
  exitCode: (ran) => {
    const outcome = ran.invoked ?? ran.outcome;
    if (outcome.interrupted) return SIGNAL_EXIT[ran.stoppedBy ?? 'SIGINT'];
    // A run the swarm lost is a failure, as multi counts it, though the sizes were still compared without it.
    return (outcome.lost?.length ?? 0) > 0 ? 1 : 0;
  },
});

/** The tuning's outcome as the command reports it, with its picture when asked for. */
async function finish(
  ran: { invoked?: InvokedTuneOutcome; outcome?: TuneOutcome; stoppedBy: StopSignal | undefined },
  request: { plot: boolean; out: string },
): Promise<TuneRan> {
  const stopped = ran.stoppedBy ? { stoppedBy: ran.stoppedBy } : {};
  if (ran.invoked) return { invoked: ran.invoked, ...stopped };
  const { outcome } = ran;
  if (!outcome) throw new Error('a tuning that gave neither outcome: a bug');
  const plot = request.plot ? await plotOf(outcome, request.out) : undefined;
  return { outcome, ...stopped, ...(plot ? { plot } : {}) };
}

/** What a tuning gave: a function run once a size, or a Lambda-style one invoked (then a report of its own). */
type TuneRan =
  | { invoked: InvokedTuneOutcome; outcome?: undefined; plot?: undefined; stoppedBy?: StopSignal }
  | { invoked?: undefined; outcome: TuneOutcome; plot?: PlotFiles; stoppedBy?: StopSignal };

function tuneFlags(command: Command): Command {
  command
    .option('--provider <id>', 'the provider whose sizes, CPU and prices are used', 'aws-lambda-x86')
    .option('--sizes <mb,...>', "memory sizes in MB (default: a spread of the provider's sizes)")
    .option('--runs <n>', 'runs at each size', String(TUNE_DEFAULTS.runs))
    .addOption(new Option('--strategy <name>', 'what the answer optimises').choices([...TUNE_STRATEGIES]).default(TUNE_DEFAULTS.strategy))
    .option('--balanced-weight <w>', 'for balanced: 0 is speed alone, 1 is cost alone', String(TUNE_DEFAULTS.balancedWeight))
    .option(
      '--discard <share>',
      'share of the fastest and of the slowest runs left out at each end, 0 to 0.4',
      String(TUNE_DEFAULTS.discard),
    )
    .option('--cpu-scale <f>', "how fast a host core is against the provider's vCPU", String(TUNE_DEFAULTS.cpuScale))
    .option('--parallel <n>', "runs at once at most, while their CPU caps together fit the host's cores", '1');
  addSwarmOptions(command, { parallel: false });
  addEventOptions(addRunOptions(command), 'session');
  // tune sets memory and CPU itself at each size: the flags stay only to say so when given.
  for (const flag of ['--memory', '--memory-swap', '--cpus']) command.options.find((o) => o.long === flag)?.hideHelp();
  return command
    .option('--json', 'print one JSON object (shaped like Power Tuning’s output) instead of the report')
    .option('--plot', 'also write functracer-tune-<stamp>-plot.svg and .png into --out: duration and cost against size')
    .option('--out <dir>', 'folder for every run’s raw trace CSV', 'traces')
    .addOption(new Option('--sampler <kind>', 'where samples come from').choices(['auto', 'cgroup', 'stats-api']).default('auto'))
    .option(
      '--interval-ms <ms>',
      `cgroup sampling interval, ${INTERVAL_RANGE_MS.min} to ${INTERVAL_RANGE_MS.max.toLocaleString('en-US')} ms`,
      String(DEFAULT_INTERVAL_MS),
    );
}

/** The runs going now, on the status line: one, or several with --parallel; then how long the rest take, from the runs so far. */
function runningLine(runs: number, total: number, status: (line: string) => void) {
  const going = new Map<string, string>();
  const startedAt = Date.now();
  let done = 0;
  const left = () => (done === 0 ? '' : ` · ${aboutTime(((Date.now() - startedAt) / done) * (total - done))} left`);
  const steps = runSteps(status);
  const show = () => steps.runs([...going.values()].join(' · '), left());
  return {
    onStatus: steps.step,
    onSamples: steps.samples,
    onRunStart: (mb: number, index: number) => {
      going.set(`${mb}/${index}`, `${mb} MB: run ${index + 1}/${runs}`);
      show();
    },
    onRunDone: (mb: number, index: number) => {
      going.delete(`${mb}/${index}`);
      done += 1;
      show();
    },
  };
}

/** The picture, unless no size fitted: then there is nothing to draw, and the report says why. */
async function plotOf(outcome: TuneOutcome, out: string): Promise<PlotFiles | undefined> {
  if (!outcome.sizes.some((s) => s.fits)) return undefined;
  return writeTunePlot(outcome, out);
}

/** On a swarm: how many runs each node took, and the runs lost; nothing for a tuning here. */
function nodeLines(ran: readonly { node?: string | undefined }[], lost: TuneOutcome['lost'], width: number): string[] {
  return lost ? swarmLines(ran, lost, width, "its size's figures") : [];
}
