import fs from 'node:fs';
import type { CostInput } from '../core/cost/pricing.js';
import { UserError } from '../core/errors.js';
import { readRawCsv } from '../core/raw-csv.js';
import { MIB } from '../core/units.js';

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
}

/** A number from a flag; the error names the flag and the text it got. */
export function numberFlag(text: string, flag: string, kind: 'positive' | 'non-negative' | 'positive integer'): number {
  const value = Number(text);
  const ok =
    text.trim() !== '' &&
    Number.isFinite(value) &&
    (kind === 'non-negative' ? value >= 0 : value > 0) &&
    (kind !== 'positive integer' || Number.isInteger(value));
  if (!ok) throw new UserError(`${flag} got ${JSON.stringify(text)}, which is not a ${kind === 'positive integer' ? kind : `${kind} number`}`, `Give ${flag} a value such as ${kind === 'positive integer' ? '1000000' : '2002'}`);
  return value;
}

/** What `cost` prices: the figures given, or a recorded raw trace's duration, peak and average. */
export function costInputFrom(options: CostOptions): CostInput {
  const common = {
    requests: numberFlag(options.requests, '--requests', 'positive integer'),
    freeTier: Boolean(options.freeTier),
    clampMemory: Boolean(options.clampMemory),
    ...(options.allocatedMb !== undefined ? { allocatedMb: numberFlag(options.allocatedMb, '--allocated-mb', 'positive') } : {}),
    ...(options.cpuMs !== undefined ? { cpuMs: numberFlag(options.cpuMs, '--cpu-ms', 'non-negative') } : {}),
  };
  const given = (['durationMs', 'memoryBytes', 'memoryMb'] as const).filter((k) => options[k] !== undefined);
  if (options.trace !== undefined) {
    if (given.length > 0) {
      throw new UserError(`--trace takes the duration and memory from the file, so ${given.map(flagName).join(' and ')} cannot go with it`, 'Give either --trace or the figures');
    }
    return { ...common, ...readTrace(options.trace) };
  }
  if (options.durationMs === undefined) throw new UserError('cost needs --duration-ms, or a recorded trace with --trace', 'See functracer cost --help');
  if ((options.memoryBytes === undefined) === (options.memoryMb === undefined)) {
    throw new UserError('cost needs exactly one of --memory-bytes and --memory-mb', 'Give the run\'s peak memory one way');
  }
  const peakBytes =
    options.memoryBytes !== undefined
      ? numberFlag(options.memoryBytes, '--memory-bytes', 'non-negative')
      : numberFlag(options.memoryMb!, '--memory-mb', 'non-negative') * MIB;
  return { ...common, durationMs: numberFlag(options.durationMs, '--duration-ms', 'positive'), peakBytes };
}

function flagName(key: string): string {
  return `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
}

/** A raw trace's duration, peak and time-weighted average (Azure bills the average). */
export function readTrace(file: string): Pick<CostInput, 'durationMs' | 'peakBytes' | 'averageBytes'> {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    const e = error as NodeJS.ErrnoException;
    throw new UserError(`cannot read the trace ${file}: ${e.code === 'ENOENT' ? 'no such file' : e.code === 'EISDIR' ? 'it is a folder' : e.message}`, 'Pass a raw trace CSV written by functracer run');
  }
  const { trace, durationMs } = readRawCsv(text, file);
  if (trace.length === 0 || !(durationMs > 0)) {
    throw new UserError(`cannot price the trace ${file}: it holds no samples over a positive duration`, 'Pass a raw trace of a finished run');
  }
  return { durationMs, peakBytes: trace.peakBytes, averageBytes: trace.timeWeightedMeanBytes(durationMs) };
}
