import type { CostInput } from '../core/cost/price-run.js';
import { UserError } from '../core/errors.js';
import { MAX_MEMORY_BYTES, MIB } from '../core/units.js';
import { costInput, type CostSettings } from '../ops/price-result.js';
import { pricedRunOf, readRecordedRun, traceNotes } from '../ops/trace-file.js';
import { printTraceNotes } from './trace-notes.js';
import { numberFlag, requestsFlag } from './flags.js';
import { givenInvocationPriceFlags, invocationPriceFlags, type InvocationPriceOptions } from './invocation-price-options.js';
import type { InvocationPriceSettings, InvokedContainer } from '../ops/invocation-prices.js';

export interface CostOptions extends InvocationPriceOptions {
  provider?: string;
  trace?: string;
  durationMs?: string;
  memoryBytes?: string;
  memoryMb?: string;
  allocatedMb?: string;
  requests: string;
  freeTier?: boolean;
  cpuMs?: string;
  clampMemory?: boolean;
  json?: boolean;
  uhull?: string;
}

const MAX_MB = MAX_MEMORY_BYTES / MIB;
/** Thirty days: no function runs longer, and a month is what a bill covers. */
const MAX_MS = 30 * 24 * 3600 * 1000;

/** What `cost` prices: one run, or the invocations of a function `invoke` traced. */
export type CostRequest =
  { kind: 'run'; input: CostInput } | { kind: 'invoked'; container: InvokedContainer; settings: InvocationPriceSettings };

/**
 * What `cost` prices: the figures given, a recorded raw trace priced as its run was, or an invoked function's trace
 * priced per invocation from its record's phases, as `invoke` priced it.
 */
export async function costInputFrom(options: CostOptions): Promise<CostRequest> {
  const settings: CostSettings = {
    requests: requestsFlag(options.requests),
    freeTier: Boolean(options.freeTier),
    clampMemory: Boolean(options.clampMemory),
    ...(options.allocatedMb !== undefined
      ? {
          allocatedBytes:
            numberFlag(options.allocatedMb, '--allocated-mb', { kind: 'positive', min: 1, max: MAX_MB, example: '1024' }) * MIB,
        }
      : {}),
  };
  const cpuMs =
    options.cpuMs !== undefined ? numberFlag(options.cpuMs, '--cpu-ms', { kind: 'non-negative', max: MAX_MS, example: '250' }) : null;
  const given = (['durationMs', 'memoryBytes', 'memoryMb'] as const).filter((k) => options[k] !== undefined);
  if (options.trace !== undefined) {
    if (given.length > 0) {
      throw new UserError(
        `--trace takes the duration and memory from the file, so ${given.map(flagName).join(' and ')} cannot go with it`,
        'Give either --trace or the figures',
      );
    }
    const run = await readRecordedRun(options.trace);
    printTraceNotes(traceNotes(options.trace, run));
    const lambda = run.record?.lambda;
    if (lambda) return invokedRequest(options, lambda, settings);
    refuseInvocationFlags(options, `${options.trace} is the trace of one run`);
    return { kind: 'run', input: costInput(pricedRunOf(run, cpuMs), settings) };
  }
  refuseInvocationFlags(options, 'the figures given are one run');
  if (options.durationMs === undefined)
    throw new UserError('cost needs --duration-ms, or a recorded trace with --trace', 'See functracer cost --help');
  if ((options.memoryBytes === undefined) === (options.memoryMb === undefined)) {
    throw new UserError('cost needs exactly one of --memory-bytes and --memory-mb', "Give the run's peak memory one way");
  }
  const peakBytes =
    options.memoryBytes !== undefined
      ? numberFlag(options.memoryBytes, '--memory-bytes', { kind: 'non-negative integer', max: MAX_MEMORY_BYTES, example: '593920' })
      : numberFlag(options.memoryMb!, '--memory-mb', { kind: 'non-negative', max: MAX_MB, example: '300' }) * MIB;
  const durationMs = numberFlag(options.durationMs, '--duration-ms', { kind: 'positive', min: 0.001, max: MAX_MS, example: '2002' });
  return { kind: 'run', input: costInput({ durationMs, peakBytes, cpuMs }, settings) };
}

/** An invoked function's trace: priced per invocation, so a run's own figures (its CPU time) do not apply. */
function invokedRequest(options: CostOptions, lambda: InvokedContainer, settings: CostSettings): CostRequest {
  if (options.cpuMs !== undefined) {
    throw new UserError(
      `${options.trace} is the trace of an invoked function, priced per invocation, so --cpu-ms does not apply`,
      'Leave --cpu-ms out',
    );
  }
  return {
    kind: 'invoked',
    container: lambda,
    settings: {
      requests: settings.requests,
      freeTier: settings.freeTier,
      ...(settings.allocatedBytes !== undefined ? { allocatedMb: Math.ceil(settings.allocatedBytes / MIB) } : {}),
      ...(settings.clampMemory ? { clampMemory: true } : {}),
      ...invocationPriceFlags(options),
    },
  };
}

function refuseInvocationFlags(options: CostOptions, what: string): void {
  const given = givenInvocationPriceFlags(options);
  if (given.length === 0) return;
  throw new UserError(
    `${given.join(' and ')} price${given.length === 1 ? 's' : ''} the invocations of a function traced with functracer invoke; ${what}`,
    `Leave ${given.join(' and ')} out, or give --trace the trace of an invoked function`,
  );
}

function flagName(key: string): string {
  return `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
}
