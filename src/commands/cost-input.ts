import fs from 'node:fs';
import type { CostInput } from '../core/cost/pricing.js';
import { UserError } from '../core/errors.js';
import { readRawCsv, type RecordedTrace } from '../core/raw-csv.js';
import { MIB } from '../core/units.js';
import { numberFlag } from './flags.js';

export interface CostOptions {
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

/** What `cost` prices: the figures given, or a recorded raw trace's duration, peak and average. */
export function costInputFrom(options: CostOptions): CostInput {
  const common = {
    requests: numberFlag(options.requests, '--requests', 'positive integer', '1000000'),
    freeTier: Boolean(options.freeTier),
    clampMemory: Boolean(options.clampMemory),
    ...(options.allocatedMb !== undefined ? { allocatedMb: numberFlag(options.allocatedMb, '--allocated-mb', 'positive', '1024') } : {}),
    ...(options.cpuMs !== undefined ? { cpuMs: numberFlag(options.cpuMs, '--cpu-ms', 'non-negative', '250') } : {}),
  };
  const given = (['durationMs', 'memoryBytes', 'memoryMb'] as const).filter((k) => options[k] !== undefined);
  if (options.trace !== undefined) {
    if (given.length > 0) {
      throw new UserError(
        `--trace takes the duration and memory from the file, so ${given.map(flagName).join(' and ')} cannot go with it`,
        'Give either --trace or the figures',
      );
    }
    return { ...common, ...readTrace(options.trace) };
  }
  if (options.durationMs === undefined)
    throw new UserError('cost needs --duration-ms, or a recorded trace with --trace', 'See functracer cost --help');
  if ((options.memoryBytes === undefined) === (options.memoryMb === undefined)) {
    throw new UserError('cost needs exactly one of --memory-bytes and --memory-mb', "Give the run's peak memory one way");
  }
  const peakBytes =
    options.memoryBytes !== undefined
      ? numberFlag(options.memoryBytes, '--memory-bytes', 'non-negative', '593920')
      : numberFlag(options.memoryMb!, '--memory-mb', 'non-negative', '300') * MIB;
  return { ...common, durationMs: numberFlag(options.durationMs, '--duration-ms', 'positive', '2002'), peakBytes };
}

function flagName(key: string): string {
  return `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
}

/** A raw trace's duration, peak and time-weighted average (Azure bills the average). */
export function readTrace(file: string): Pick<CostInput, 'durationMs' | 'peakBytes' | 'averageBytes'> {
  const { trace, durationMs } = readTraceFile(file);
  return { durationMs, peakBytes: trace.peakBytes, averageBytes: trace.timeWeightedMeanBytes(durationMs) };
}

/** A recorded run, refused with one line when it cannot be read or holds nothing to price. */
export function readTraceFile(file: string): RecordedTrace {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    const e = error as NodeJS.ErrnoException;
    throw new UserError(
      `cannot read the trace ${file}: ${e.code === 'ENOENT' ? 'no such file' : e.code === 'EISDIR' ? 'it is a folder' : e.message}`,
      'Pass a raw trace CSV written by functracer run',
    );
  }
  const { trace, durationMs } = readRawCsv(text, file);
  if (trace.length === 0 || !(durationMs > 0)) {
    throw new UserError(
      `cannot price the trace ${file}: it holds no samples over a positive duration`,
      'Pass a raw trace of a finished run',
    );
  }
  return { trace, durationMs };
}
