import { numberFlag } from './flags.js';
import { Command, Option } from 'commander';
import { traceRun, type RunResult, type TraceRunOptions } from '../tracer/tracer.js';
import { loadUhullSchedule } from './uhull-file.js';
import type { AllocationStep } from '../core/hull.js';
import { formatAutotune, priceAutotuned, reportProviders, summarizeAutotune } from './autotune-report.js';
import { SIGNAL_EXIT, statusLine, withEngineSession, type StopSignal } from './session.js';
import { DEFAULT_INTERVAL_MS } from '../tracer/cgroup/sampler.js';
import type { RunSpec } from '../tracer/run-spec.js';
import { addRunOptions, toRunSpec, type RunOptionValues } from './run-options.js';
import { formatRunReport, priceResult, runJson } from './run-report.js';

export interface RunCommandOptions extends RunOptionValues {
  json?: boolean;
  out: string;
  requests: string;
  freeTier?: boolean;
  sampler: 'auto' | 'cgroup' | 'stats-api';
  intervalMs: string;
  uhull?: string;
}

export function registerRun(program: Command): void {
  const run = program
    .command('run')
    .summary('trace one run of a container image')
    .description(
      'Run IMAGE once as `docker run` would, sample its memory at about 1 kHz, and report what it would cost on FaaS providers.',
    );
  addRunOptions(run);
  addReportOptions(run).action(async (image: string, args: string[], options: RunCommandOptions) => {
    // Every flag is checked before a container runs, so a typo never costs a run.
    const spec = parseSpec(image, args, options);
    const schedule = options.uhull ? loadUhullSchedule(options.uhull) : undefined;
    const requests = numberFlag(options.requests, '--requests', 'positive integer', '1000000');
    numberFlag(options.intervalMs, '--interval-ms', 'positive', String(DEFAULT_INTERVAL_MS));
    const { result, signal } = liveScreenWanted(options)
      ? await traceLive(spec, options, schedule)
      : await traceWithSignals(spec, options, schedule);
    const cost = priceResult(result, {
      requests,
      freeTier: Boolean(options.freeTier),
      ...(spec.memoryBytes ? { allocatedBytes: spec.memoryBytes } : {}),
    });
    const autotune = result.autotune && summarizeAutotune(result, result.autotune);
    const dynamic = schedule ? priceAutotuned(result, schedule, requests, Boolean(options.freeTier), reportProviders()) : [];
    const extra = autotune ? { autotuneSummary: autotune, dynamicCost: dynamic } : {};
    if (options.json) process.stdout.write(`${JSON.stringify({ ...runJson(result, cost), ...extra })}\n`);
    else process.stdout.write(`${formatRunReport(result, cost)}${autotune ? `\n${formatAutotune(autotune, dynamic)}` : ''}\n`);
    process.exitCode = exitCodeOf(result, signal);
  });
}

/** Flags that shape the report rather than the container. */
export function addReportOptions(command: Command): Command {
  return command
    .option('--json', 'print one JSON object instead of the report')
    .option('--out <dir>', 'folder for the raw trace CSV', 'traces')
    .option('--requests <n>', 'requests to price', '1000000')
    .option('--free-tier', "subtract the providers' monthly free tier")
    .addOption(new Option('--sampler <kind>', 'where samples come from').choices(['auto', 'cgroup', 'stats-api']).default('auto'))
    .option('--interval-ms <ms>', 'cgroup sampling interval', String(DEFAULT_INTERVAL_MS))
    .option('--uhull <file>', 'replay this upscaling hull as the memory limit while the function runs (autotuning)');
}

/** The quoted one-string form was expanded before parsing (see expandQuotedRunArgs). */
export function parseSpec(image: string, args: string[], options: RunOptionValues): RunSpec {
  return toRunSpec(options, image, args);
}

/** Like `docker run`: the function's own exit code, 137 for an out-of-memory kill, 128 + n for the signal that stopped us. */
export function exitCodeOf(result: RunResult, signal?: StopSignal): number {
  if (result.interrupted) return SIGNAL_EXIT[signal ?? 'SIGINT'];
  if (result.oomKilled) return 137;
  return result.exitCode;
}

/** The tracer options the report flags ask for. */
export function traceOptions(options: RunCommandOptions, signal: AbortSignal, autotune?: AllocationStep[]): TraceRunOptions {
  return {
    outDir: options.out,
    signal,
    sampler: options.sampler,
    intervalMs: numberFlag(options.intervalMs, '--interval-ms', 'positive', String(DEFAULT_INTERVAL_MS)),
    onStatus: statusLine(!options.json),
    ...(autotune ? { autotune } : {}),
  };
}

/** Like `docker pull`: a live screen in a terminal; plain output for pipes, scripts and --json. */
function liveScreenWanted(options: RunCommandOptions): boolean {
  return !options.json && Boolean(process.stdout.isTTY) && Boolean(process.stdin.isTTY);
}

/** Ink and React load only when a terminal will show them. */
async function traceLive(
  spec: RunSpec,
  options: RunCommandOptions,
  autotune?: AllocationStep[],
): Promise<{ result: RunResult; signal?: StopSignal }> {
  const { traceWithLiveScreen } = await import('../app/run-screen.js');
  const pricing = {
    requests: numberFlag(options.requests, '--requests', 'positive integer', '1000000'),
    freeTier: Boolean(options.freeTier),
  };
  return traceWithLiveScreen(spec, (signal) => traceOptions(options, signal, autotune), pricing);
}

async function traceWithSignals(
  spec: RunSpec,
  options: RunCommandOptions,
  autotune?: AllocationStep[],
): Promise<{ result: RunResult; signal?: StopSignal }> {
  return withEngineSession(async ({ runtime, signal, stoppedBy }) => {
    const result = await traceRun(runtime, spec, traceOptions(options, signal, autotune));
    statusLine(!options.json)('');
    const stopped = stoppedBy();
    return { result, ...(stopped ? { signal: stopped } : {}) };
  });
}
