import { Option, type Command } from 'commander';
import { SIGNAL_EXIT, UserError, type StopSignal } from '../core/errors.js';
import { planOf, type RunPlan } from '../core/run-plan.js';
import { priceInvokeSession, type InvocationPrices } from '../ops/invocation-prices.js';
import { invokeFunction, type InvokeRequest, type InvokeResult } from '../ops/invoke.js';
import { DEFAULT_TIMEOUT_MS, invocationCount, loadEvents, MAX_INVOCATIONS, timeoutMsFrom } from '../ops/lambda-events.js';
import { refuseOwnRuntimeApi, refuseRemoteEngine } from '../ops/lambda-spec.js';
import { HOST_ALIAS, INVOKE_NETWORKS, invokedNetworkMode } from '../ops/api-network.js';
import { localPathExists, toRunSpec, type RunOptionValues } from '../ops/docker-run-options.js';
import { formatInvokeReport, invokeJson } from '../report/invoke-report.js';
import { formatInvocationAutotune } from '../report/invocation-autotune-report.js';
import { loadInvocationSchedule } from '../ops/invocation-schedule.js';
import { MIB } from '../core/units.js';
import { DEFAULT_INTERVAL_MS, INTERVAL_RANGE_MS } from '../tracer/cgroup/sampler.js';
import { declareCommand } from './command.js';
import { addInvocationPriceOptions, invocationPriceFlags, type InvocationPriceOptions } from './invocation-price-options.js';
import { numberFlag } from './flags.js';
import { checkOutFolder } from './out-folder.js';
import { addRunOptions } from './run-options.js';
import { statusLine, withEngineSession, withStopSignals, type EngineSession } from './session.js';
import { addSwarmOptions, parseSwarmFlags, type SwarmFlags } from './swarm-options.js';
import { openSwarm, type SwarmOptions } from '../ops/swarm.js';
import { swarmPlacement, type PlacedInvoker } from '../ops/swarm-placement.js';
import type { TraceHooks } from '../ops/run-once.js';

interface InvokeCommandOptions extends RunOptionValues, InvocationPriceOptions, SwarmFlags {
  json?: boolean;
  out: string;
  event?: string[];
  invocations?: string;
  timeout: string;
  sampler: 'auto' | 'cgroup' | 'stats-api';
  intervalMs: string;
  autotune?: string;
}

/** Every event's phases go into one run record, which holds a bounded number of them. */

const collect = (value: string, previous: string[] = []) => [...previous, value];

export const invokeCommand = declareCommand({
  name: 'invoke',
  summary: 'trace a Lambda-style function: its init, then one event after another',
  description:
    "Run IMAGE as AWS Lambda runs a function: functracer serves the Lambda Runtime API to it (on the engine's " +
    'bridge where it has one, else on 127.0.0.1 with --network host), waits for its init (10 s at most), hands it the events one at a ' +
    "time, and reports each invocation in Lambda's terms: Duration, Billed Duration, Memory Size (the memory limit, " +
    "128 MB unless -m says), Max Memory Used (the kernel's mark over that invocation alone) and Init Duration on a cold start; " +
    "then what 1M invocations cost on each provider, with the init billed by that provider's rule.",
  flags: (command) =>
    addInvocationPriceOptions(
      bridgeOrHostNetwork(addRunOptions(addSwarmOptions(command, { parallel: false })))
        .option('--event <file>', 'a JSON event, or a file of JSON lines; repeatable; handed out in order, and over again', collect)
        .option('-n, --invocations <n>', `events to hand out, at most ${MAX_INVOCATIONS.toLocaleString('en-US')} (default: one per event)`)
        .option(
          '--timeout <s>',
          "the function's timeout in seconds, as Lambda's: that invocation fails, and the next runs cold",
          String(DEFAULT_TIMEOUT_MS / 1000),
        )
        .option(
          '--autotune <hull>',
          "replay an invocation-hull.json (or a uhull.json) from each invocation's start, lowering the limit between",
        )
        .option('--json', 'print one JSON object instead of the report')
        .option('--out <dir>', 'folder for the raw traces, run records and responses', 'traces')
        .addOption(new Option('--sampler <kind>', 'where samples come from').choices(['auto', 'cgroup', 'stats-api']).default('auto'))
        .option(
          '--interval-ms <ms>',
          `cgroup sampling interval, ${INTERVAL_RANGE_MS.min} to ${INTERVAL_RANGE_MS.max.toLocaleString('en-US')} ms`,
          String(DEFAULT_INTERVAL_MS),
        ),
      'pricing',
    ),
  parse: ([image, args]: [string, string[]], options: InvokeCommandOptions) => {
    refuseNetwork(options.network);
    const swarm = parseSwarmFlags(options);
    // On a swarm the Runtime API is served on the function's node, by its probe: the manager may be elsewhere.
    if (!swarm) refuseRemoteEngine();
    if (swarm && options.autotune !== undefined) {
      throw new UserError('--autotune does not go with --on swarm yet', 'Run it here without --on swarm');
    }
    const network = invokedNetworkMode(options.network, swarm !== undefined);
    const spec = toRunSpec({ ...options, network }, image, args, process.cwd(), localPathExists);
    refuseOwnRuntimeApi(spec);
    const events = loadEvents(options.event ?? []);
    const invocations = invocationCount(events, options.invocations ?? '', '-n');
    const timeoutMs = timeoutMsFrom(options.timeout, '--timeout');
    const intervalMs = numberFlag(options.intervalMs, '--interval-ms', {
      kind: 'positive',
      ...INTERVAL_RANGE_MS,
      example: String(DEFAULT_INTERVAL_MS),
    });
    checkOutFolder(options.out);
    // Read before anything runs: a bad hull file costs no container.
    const autotune = options.autotune === undefined ? undefined : { file: options.autotune, ...loadInvocationSchedule(options.autotune) };
    return {
      ...(autotune ? { autotune } : {}),
      plan: planOf(spec),
      events,
      invocations,
      timeoutMs,
      trace: { outDir: options.out, sampler: options.sampler, intervalMs },
      prices: { requests: 1_000_000, freeTier: false, ...invocationPriceFlags(options) },
      json: options.json === true,
      ...(swarm ? { swarm } : {}),
    };
  },
  run: (request) =>
    (request.swarm ? onSwarm(request.swarm, request.plan, request.json) : withEngineSession)(
      async ({ runtime, signal, stoppedBy, invoke }: Placed) => {
        const status = statusLine(!request.json);
        const placed = invoke ?? ((r: InvokeRequest, h: TraceHooks) => invokeFunction(runtime, r, h));
        const result = await placed(request, { signal, onStatus: status });
        status('');
        const stopped = stoppedBy();
        const prices: InvocationPrices | null = priceInvokeSession(result, request.prices);
        return { result, prices, ...(stopped ? { signal: stopped } : {}) };
      },
    ),
  json: ({ result, prices }) => invokeJson(result, prices),
  text: ({ result, prices }, request, { width }) => [
    formatInvokeReport(result, width, prices),
    ...(request.autotune
      ? formatInvocationAutotune(
          request.autotune.file,
          request.autotune.source,
          request.autotune.initBytes / MIB,
          result.limitChanges ?? [],
          width,
        )
      : []),
  ],
  exitCode: ({ result, signal }) => exitCodeOf(result, signal),
});

/** run's --network, as invoke takes it: the engine's bridge or the host's, the two ways a container reaches the API. */
function bridgeOrHostNetwork(command: Command): Command {
  const network = command.options.find((option) => option.long === '--network');
  network?.default('auto');
  // commander keeps an option's default from when it was added: the command's value changes with it.
  command.setOptionValueWithSource('network', 'auto', 'default');
  if (network) {
    network.description =
      `${INVOKE_NETWORKS.join(', ')}: the Runtime API is on the bridge's gateway (${HOST_ALIAS}), 127.0.0.1 on the host's ` +
      'network; auto takes the bridge where the engine has one';
  }
  return command;
}

function refuseNetwork(network: string): void {
  if ((INVOKE_NETWORKS as readonly string[]).includes(network)) return;
  throw new UserError(
    `--network ${network}: an invoked function reaches the Runtime API over the engine's bridge or the host's network`,
    'Use --network bridge or --network host, or leave it out',
  );
}

/** 128 + the signal's number when stopped; 1 when an invocation failed (an error, a timeout), as a failed function exits; else 0. */
function exitCodeOf(result: InvokeResult, signal?: StopSignal): number {
  if (result.interrupted) return SIGNAL_EXIT[signal ?? 'SIGINT'];
  return result.invocations.some((i) => i.outcome !== 'response') ? 1 : 0;
}

/** The engine session, and on a swarm the placement's invoker beside the manager's engine. */
type Placed = EngineSession & { invoke?: PlacedInvoker };

/** `invoke --on swarm`: the session on one node the placement picks, as a session of `multi --on swarm` goes. */
function onSwarm(swarm: SwarmOptions, plan: RunPlan, json: boolean) {
  return <T>(work: (session: Placed) => Promise<T>): Promise<T> =>
    withStopSignals(async (signal, stoppedBy) => {
      const session = await openSwarm(plan, swarm, statusLine(!json), signal);
      return work({ runtime: session.runtime, signal, stoppedBy, invoke: swarmPlacement(session).invoke });
    });
}
