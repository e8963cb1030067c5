import { Command, Option } from 'commander';
import { UserError } from '../core/errors.js';
import { connectEngine } from '../tracer/engine.js';
import { dockerRuntime } from '../tracer/docker-runtime.js';
import { removeOrphans } from '../tracer/orphans.js';
import { traceRun, type RunResult } from '../tracer/tracer.js';
import { DEFAULT_INTERVAL_MS } from '../tracer/cgroup-sampler.js';
import type { RunSpec } from '../tracer/run-spec.js';
import { addRunOptions, toRunSpec, type RunOptionValues } from './run-options.js';
import { formatRunReport, priceResult, runJson } from './run-report.js';

interface RunCommandOptions extends RunOptionValues {
  json?: boolean;
  out: string;
  requests: string;
  freeTier?: boolean;
  sampler: 'auto' | 'cgroup' | 'stats-api';
  intervalMs: string;
}

export function registerRun(program: Command): void {
  const run = program
    .command('run')
    .summary('trace one run of a container image')
    .description('Run IMAGE once as `docker run` would, sample its memory at about 1 kHz, and report what it would cost on FaaS providers.');
  addRunOptions(run);
  addReportOptions(run).action(async (image: string, args: string[], options: RunCommandOptions) => {
    const spec = parseSpec(image, args, options);
    const { result, signal } = await traceWithSignals(spec, options);
    const cost = priceResult(result, {
      requests: positiveNumber(options.requests, '--requests'),
      freeTier: Boolean(options.freeTier),
      ...(spec.memoryBytes ? { allocatedBytes: spec.memoryBytes } : {}),
    });
    process.stdout.write(options.json ? `${JSON.stringify(runJson(result, cost))}\n` : `${formatRunReport(result, cost)}\n`);
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
    .option('--interval-ms <ms>', 'cgroup sampling interval', String(DEFAULT_INTERVAL_MS));
}

/** The quoted one-string form was expanded before parsing (see expandQuotedRunArgs). */
export function parseSpec(image: string, args: string[], options: RunOptionValues): RunSpec {
  return toRunSpec(options, image, args);
}

export function positiveNumber(text: string, option: string, integer = false): number {
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0 || (integer && !Number.isInteger(value))) {
    throw new UserError(`${option} got ${JSON.stringify(text)}, which is not a positive ${integer ? 'integer' : 'number'}`, `Give ${option} a value such as 1000000`);
  }
  return value;
}

const SIGNAL_EXIT = { SIGINT: 130, SIGTERM: 143 } as const;
type StopSignal = keyof typeof SIGNAL_EXIT;

/** Like `docker run`: the function's own exit code, 137 for an out-of-memory kill, 128 + n for the signal that stopped us. */
export function exitCodeOf(result: RunResult, signal?: StopSignal): number {
  if (result.interrupted) return SIGNAL_EXIT[signal ?? 'SIGINT'];
  if (result.oomKilled) return 137;
  return result.exitCode;
}

/** SIGINT and SIGTERM stop the container, keep the partial trace and remove the container before exiting. */
async function traceWithSignals(spec: RunSpec, options: RunCommandOptions): Promise<{ result: RunResult; signal?: StopSignal }> {
  const docker = await connectEngine();
  const runtime = dockerRuntime(docker);
  await removeOrphans(runtime);
  const controller = new AbortController();
  let received: StopSignal | undefined;
  const onSignal = (signal: StopSignal) => {
    received ??= signal;
    controller.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    const result = await traceRun(runtime, spec, {
      outDir: options.out,
      signal: controller.signal,
      sampler: options.sampler,
      intervalMs: positiveNumber(options.intervalMs, '--interval-ms'),
      onStatus: (status) => {
        if (!options.json && process.stderr.isTTY) process.stderr.write(`\r\x1b[K${status}`);
      },
    });
    return { result, ...(received ? { signal: received } : {}) };
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    if (!options.json && process.stderr.isTTY) process.stderr.write('\r\x1b[K');
  }
}
