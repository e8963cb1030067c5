import type { Trace } from './trace.js';
import { MIB } from './units.js';
import { UserError } from './errors.js';

/** A memory profile on a time grid: MB per bucket, buckets ascending. */
export interface Hull {
  stepMs: number;
  buckets: number[];
  mb: number[];
}

export interface HullOptions {
  /** Grid step in seconds (0.1 by default). */
  step?: number;
}

export interface UhullOptions {
  /** How many buckets ahead the upscaling hull looks (2 by default). */
  lookahead?: number;
  /** Safety buffer in percent (0 by default). */
  bufferPct?: number;
}

/**
 * The checks below guard direct callers (the TUI, the training loop); the
 * commands parse their flags with one shared parser first and name the flag.
 */
function stepToMs(step: number): number {
  const problem = hullStepProblem(step);
  if (problem) throw new UserError(`the hull step got ${step} s, which ${problem}`, 'Use a step such as 0.1');
  return Math.round(step * 1000);
}

/** What is wrong with a hull step in seconds, if anything: trace files time their rows to the millisecond, no finer. */
export function hullStepProblem(step: number): string | undefined {
  if (!Number.isFinite(step) || step <= 0) return 'is not a positive number of seconds';
  const ms = step * 1000;
  if (Math.abs(ms - Math.round(ms)) > 1e-6) return 'is not a whole number of milliseconds';
  // A denormal such as 1e-320 passes the check above and would round to a step of 0 ms: a hull of NaN.
  if (Math.round(ms) < 1) return 'is less than a millisecond, the finest a trace file times its rows';
  return undefined;
}

/**
 * The bucket a time falls in: floor(t / S + 1/2), with halves rounded up.
 * Written as floor((2t + S) / 2S) so integer milliseconds never meet a
 * floating-point tie.
 */
export function bucketOf(timeMs: number, stepMs: number): number {
  return Math.floor((2 * timeMs + stepMs) / (2 * stepMs));
}

/** A run as the hull sees it: its samples between a start row and a finish row, which both hold 0 bytes. */
export interface HullRun {
  trace: Trace;
  /** Where the finish row sits, ms after the start row. */
  durationMs: number;
}

/**
 * The per-bucket maximum over all runs, on the buckets that hold a row,
 * followed by one bucket holding 0 (the function has ended). As in the
 * original, every row of a trace file counts: the start row and the finish row
 * too, so a hull begins at "0.0" and a run that ends inside another's sampling
 * gap leaves a 0 there.
 */
export function computeHull(runs: readonly HullRun[], options: HullOptions = {}): Hull {
  const stepMs = stepToMs(options.step ?? 0.1);
  const peaks = new Map<number, number>();
  const add = (timeMs: number, bytes: number) => {
    const bucket = bucketOf(timeMs, stepMs);
    const mb = bytes / MIB;
    const previous = peaks.get(bucket);
    if (previous === undefined || mb > previous) peaks.set(bucket, mb);
  };
  for (const { trace, durationMs } of runs) {
    add(0, 0);
    for (let i = 0; i < trace.length; i++) add(trace.timeAt(i), trace.bytesAt(i));
    add(durationMs, 0);
  }
  const buckets = [...peaks.keys()].sort((a, b) => a - b);
  const mb = buckets.map((b) => peaks.get(b)!);
  if (buckets.length > 0) {
    buckets.push(buckets[buckets.length - 1]! + 1);
    mb.push(0);
  }
  return { stepMs, buckets, mb };
}

/**
 * Raises each bucket to the value `lookahead` buckets later, so memory is
 * granted before growth arrives. Lookahead counts buckets in the list, as the
 * original did; at 1 kHz every bucket holds samples, so that is the time grid.
 */
export function computeUhull(hull: Hull, options: UhullOptions = {}): Hull {
  const lookahead = options.lookahead ?? 2;
  const bufferPct = options.bufferPct ?? 0;
  if (!Number.isInteger(lookahead) || lookahead < 0) {
    throw new UserError(`the lookahead got ${lookahead}, which is not a whole number of buckets`, 'Use 0 or more, such as 2');
  }
  if (!Number.isFinite(bufferPct) || bufferPct < 0) {
    throw new UserError(`the safety buffer got ${bufferPct} %, which is not a percentage of 0 or more`, 'Use 0 or more, such as 10');
  }
  const factor = 1 + bufferPct / 100;
  const mb = hull.mb.map((value, i) => Math.max(value, hull.mb[i + lookahead] ?? value) * factor);
  return { stepMs: hull.stepMs, buckets: [...hull.buckets], mb };
}

/**
 * Raises every value to at least `minMb`, except a closing 0 that marks the
 * end. An engine cannot set a limit under its minimum (Docker: 6 MB), and the
 * quiet tail of a function often uses less.
 */
export function floorHull(hull: Hull, minMb: number): Hull {
  const last = hull.mb.length - 1;
  return { ...hull, buckets: [...hull.buckets], mb: hull.mb.map((mb, i) => (i === last && mb === 0 ? 0 : Math.max(mb, minMb))) };
}

/** The key for a bucket: seconds since start with one decimal, or as many as the step needs. */
export function bucketKey(bucket: number, stepMs: number): string {
  const decimals = Math.max(1, (String(stepMs / 1000).split('.')[1] ?? '').length);
  return ((bucket * stepMs) / 1000).toFixed(decimals);
}

/** The original's hull.json / uhull.json: `{"0.0": MB, "0.1": MB, ...}`. */
export function hullToJson(hull: Hull): Record<string, number> {
  return Object.fromEntries(hull.buckets.map((b, i) => [bucketKey(b, hull.stepMs), hull.mb[i]!]));
}

/**
 * Reads a hull in the original format. The step is the commonest gap between
 * keys, and every key must sit on its grid; every complaint names the key or
 * value at fault.
 */
export function hullFromJson(value: unknown, source: string): Hull {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new UserError(`${source} is not a JSON object of seconds to MB`, 'Pass a uhull.json written by functracer hull');
  }
  const entries = Object.entries(value as Record<string, unknown>).map(([key, mb]) => {
    const seconds = Number(key);
    if (key.trim() === '' || !Number.isFinite(seconds) || seconds < 0) {
      throw new UserError(
        `${source} has the key ${JSON.stringify(key)}, which is not a time in seconds`,
        'Keys are seconds since start, such as "0.0" and "0.1"',
      );
    }
    if (typeof mb !== 'number' || !Number.isFinite(mb) || mb < 0) {
      // JSON.parse reads 1e400 as Infinity, which JSON.stringify would print as null.
      const shown = typeof mb === 'number' ? (Number.isFinite(mb) ? String(mb) : 'a number beyond any memory size') : JSON.stringify(mb);
      throw new UserError(`${source} has ${shown} at "${key}", which is not a memory size in MB`, 'Values are MB, such as 121.5');
    }
    return [Math.round(seconds * 1000), mb, key] as const;
  });
  if (entries.length === 0) throw new UserError(`${source} is empty`, 'Train a hull first: functracer hull');
  entries.sort((a, b) => a[0] - b[0]);
  const stepMs = commonestGap(entries.map(([ms]) => ms));
  entries.forEach(([ms, , key], i) => {
    const previous = entries[i - 1];
    if (previous && previous[0] === ms) {
      throw new UserError(`${source} gives ${ms / 1000} s twice, as "${previous[2]}" and "${key}"`, 'Keep one of them');
    }
    if (ms % stepMs !== 0) {
      throw new UserError(
        `${source} has the key "${key}", which is off the file's grid of ${stepMs / 1000} s steps`,
        'Every key is a whole number of steps from 0, as functracer hull writes them',
      );
    }
  });
  return { stepMs, buckets: entries.map(([ms]) => ms / stepMs), mb: entries.map(([, mb]) => mb) };
}

/** The file's step: the gap between neighbouring keys that occurs most often (the smaller on a tie); 100 ms for one key. */
function commonestGap(times: readonly number[]): number {
  const counts = new Map<number, number>();
  times.slice(1).forEach((ms, i) => {
    const gap = ms - times[i]!;
    if (gap > 0) counts.set(gap, (counts.get(gap) ?? 0) + 1);
  });
  let best = 100;
  let bestCount = 0;
  for (const [gap, count] of counts) if (count > bestCount || (count === bestCount && gap < best)) [best, bestCount] = [gap, count];
  return best;
}

/** One change of the memory limit: from `atMs` since start, allow `mb`. */
export interface AllocationStep {
  atMs: number;
  mb: number;
}

/**
 * The limit schedule a hull asks for. Bucket b covers times from (b - 1/2)
 * steps on, so its allocation has to be in place by then.
 */
export function hullSchedule(hull: Hull): AllocationStep[] {
  return hull.buckets.map((bucket, i) => ({ atMs: Math.max(0, (bucket - 0.5) * hull.stepMs), mb: hull.mb[i]! }));
}
