import { Command, Option } from 'commander';
import { SIGNAL_EXIT, type StopSignal } from '../core/errors.js';
import { screensAllowed } from '../infra/terminal.js';
import type { AllocationStep } from '../core/hull.js';
import { priceAutotuned, priceResult, type CostSettings } from '../ops/price-result.js';
import { summarizeAutotune } from '../ops/autotune-summary.js';
import { planOf, type RunPlan, type RunSpec } from '../core/run-plan.js';
import { ensureRunImage, runOnce, type TraceHooks, type TraceSettings } from '../ops/run-once.js';
import { localPathExists, toRunSpec, type RunOptionValues } from '../ops/docker-run-options.js';
import { loadUhullSchedule } from '../ops/uhull-file.js';
import { DEFAULT_INTERVAL_MS, INTERVAL_RANGE_MS } from '../tracer/cgroup/sampler.js';
import type { RunResult } from '../tracer/tracer.js';
import { formatAutotune } from '../report/autotune-report.js';
import { numberFlag, requestsFlag } from './flags.js';
import { addRunOptions } from './run-options.js';
import { formatRunReport, runJson } from '../report/run-report.js';
import { checkOutFolder } from './out-folder.js';
import { statusLine, withEngineSession } from './session.js';
import { declareCommand } from './command.js';

export interface RunCommandOptions extends RunOptionValues {
  json?: boolean;
  out: string;
  requests: string;
  freeTier?: boolean;
  sampler: 'auto' | 'cgroup' | 'stats-api';
  intervalMs: string;
  uhull?: string;
  long?: boolean;
}

/** What the flags of `run` and `multi` ask for, each parsed once, before any container runs. */
export interface ParsedRunFlags {
  spec: RunSpec;
  trace: TraceSettings;
  pricing: CostSettings;
  schedule?: AllocationStep[];
}

export const runCommand = declareCommand({
  name: 'run',
  summary: 'trace one run of a container image',
  description: 'Run IMAGE once as `docker run` would, sample its memory at about 1 kHz, and report what it would cost on FaaS providers.',
  flags: (command) =>
    addReportOptions(addRunOptions(command).option('--long', "every provider's figures in full, one a line, instead of one row each")),
  // Every flag is checked before a container runs, so a typo never costs a run.
  parse: ([image, args]: [string, string[]], options: RunCommandOptions) => {
    const request = parseRunFlags(image, args, options);
    checkOutFolder(options.out);
    return {
      ...request,
      plan: planOf(request.spec),
      live: liveScreenWanted(options),
      json: options.json === true,
      long: options.long === true,
    };
  },
  run: async (request) => {
    const { result, signal } = request.live ? await traceLive(request.plan, request) : await traceQuietly(request.plan, request);
    const autotune = result.autotune && summarizeAutotune(result, result.autotune);
    const dynamic = request.schedule ? priceAutotuned(result, request.schedule, request.pricing) : [];
    return { result, signal, cost: priceResult(result, request.pricing), autotune, dynamic };
  },
  json: ({ result, cost, autotune, dynamic }) => ({
    ...runJson(result, cost),
    ...(autotune ? { autotuneSummary: autotune, dynamicCost: dynamic } : {}),
  }),
  text: ({ result, cost, autotune, dynamic }, { long }, { width }) => {
    // The autotune summary goes before the cost table, so the cheapest line stays the last one on screen.
    const tuned = autotune ? formatAutotune(autotune, dynamic, width).split('\n') : [];
    return [formatRunReport(result, cost, { width, long, before: tuned })];
  },
  exitCode: ({ result, signal }) => exitCodeOf(result, signal),
});

/** Flags that shape the report rather than the container. */
export function addReportOptions(command: Command): Command {
  return command
    .option('--json', 'print one JSON object instead of the report')
    .option('--out <dir>', 'folder for the raw trace CSV', 'traces')
    .option('--requests <n>', 'requests to price', '1000000')
    .option('--free-tier', "subtract the providers' monthly free tier")
    .addOption(new Option('--sampler <kind>', 'where samples come from').choices(['auto', 'cgroup', 'stats-api']).default('auto'))
    .option(
      '--interval-ms <ms>',
      `cgroup sampling interval, ${INTERVAL_RANGE_MS.min} to ${INTERVAL_RANGE_MS.max.toLocaleString('en-US')} ms`,
      String(DEFAULT_INTERVAL_MS),
    )
    .option('--uhull <file>', 'replay this upscaling hull as the memory limit while the function runs (autotuning)');
}

/** The quoted one-string form was expanded before parsing (see expandQuotedRunArgs). */
export function parseRunFlags(image: string, args: string[], options: RunCommandOptions): ParsedRunFlags {
  const spec = toRunSpec(options, image, args, process.cwd(), localPathExists);
  const schedule = options.uhull ? loadUhullSchedule(options.uhull) : undefined;
  return {
    spec,
    trace: {
      outDir: options.out,
      sampler: options.sampler,
      intervalMs: intervalFlag(options.intervalMs),
      ...(schedule ? { autotune: schedule } : {}),
    },
    pricing: {
      requests: requestsFlag(options.requests),
      freeTier: Boolean(options.freeTier),
      ...(spec.memoryBytes ? { allocatedBytes: spec.memoryBytes } : {}),
    },
    ...(schedule ? { schedule } : {}),
  };
}

/** --interval-ms within the range the sampler can keep, or a line saying why not. */
function intervalFlag(text: string): number {
  return numberFlag(text, '--interval-ms', {
    kind: 'positive',
    ...INTERVAL_RANGE_MS,
    example: String(DEFAULT_INTERVAL_MS),
    why: 'faster only burns a core, slower leaves a run a handful of samples',
  });
}

/** Like `docker run`: the function's own exit code, 137 for an out-of-memory kill, 128 + n for the signal that stopped us. */
function exitCodeOf(result: RunResult, signal?: StopSignal): number {
  if (result.interrupted) return SIGNAL_EXIT[signal ?? 'SIGINT'];
  if (result.oomKilled) return 137;
  return result.exitCode;
}

/** Like `docker pull`: a live screen in a terminal; plain output for pipes, scripts and --json. */
function liveScreenWanted(options: RunCommandOptions): boolean {
  return !options.json && screensAllowed();
}

type Traced = { result: RunResult; signal?: StopSignal };

/**
 * Ink and React load only when a terminal will show them; q and Ctrl-C on the screen stop the run as SIGINT does.
 * The screen shows once the image is there (a pull shows its progress on the status line first), so a mistyped
 * image is one error line under the prompt, never a frame of a run that did not begin.
 */
async function traceLive(plan: RunPlan, request: ParsedRunFlags): Promise<Traced> {
  const { showLiveRun } = await import('../app/run-screen.js');
  return withEngineSession(async ({ runtime, signal, stoppedBy }) => {
    const status = statusLine(true);
    try {
      await ensureRunImage(runtime, plan, status);
    } finally {
      status('');
    }
    const job = (hooks: TraceHooks & { signal: AbortSignal }) =>
      runOnce(runtime, plan, request.trace, { ...hooks, signal: AbortSignal.any([signal, hooks.signal]) });
    const result = await showLiveRun(plan.title, job, request.pricing);
    const stopped = stoppedBy();
    return { result, ...(stopped ? { signal: stopped } : {}) };
  });
}

async function traceQuietly(plan: RunPlan, request: ParsedRunFlags & { json: boolean }): Promise<Traced> {
  const status = statusLine(!request.json);
  return withEngineSession(async ({ runtime, signal, stoppedBy }) => {
    const result = await runOnce(runtime, plan, request.trace, { signal, onStatus: status });
    status('');
    const stopped = stoppedBy();
    return { result, ...(stopped ? { signal: stopped } : {}) };
  });
}
