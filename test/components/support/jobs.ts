import { findProvider, PROVIDERS } from '../../../src/core/cost/providers.js';
import { hullSchedule } from '../../../src/core/hull.js';
import type { RunPlan } from '../../../src/core/run-plan.js';
import { TUNE_DEFAULTS, tuneOutcome, type SizeRuns } from '../../../src/ops/tune.js';
import type { RunResult } from '../../../src/tracer/tracer.js';
import type { RunEstimate } from '../../../src/core/estimate.js';
import type { TuneJob } from '../../../src/app/tune-session.js';
import { Trace } from '../../../src/core/trace.js';
import { MIB } from '../../../src/core/units.js';
import type { HullJobs } from '../../../src/app/hull-session.js';
import type { MultiHooks, MultiJob } from '../../../src/app/multi-session.js';
import type { RunHooks } from '../../../src/app/trace-session.js';
import { resultFor } from './fakes.js';

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Feeds `source` into a fresh trace in batches, as the sampler would; stops early when aborted. */
async function replay(source: Trace, signal: AbortSignal, onSamples: (trace: Trace) => void, batch = 100, everyMs = 2): Promise<Trace> {
  const trace = new Trace();
  for (let i = 0; i < source.length && !signal.aborted; i += batch) {
    for (let j = i; j < Math.min(source.length, i + batch); j++) trace.append(source.timeAt(j), source.bytesAt(j), source.limitAt(j));
    onSamples(trace);
    await pause(everyMs);
  }
  return trace;
}

/** A resize-like shape: a ramp to `peakMb` and back, one sample a ms, with a limit column of `limitMb(t)`. */
export function rampTrace(ms: number, peakMb: number, limitMb: (t: number) => number = () => 8192): Trace {
  const trace = new Trace();
  for (let t = 0; t < ms; t++) {
    const up = t < ms / 2 ? t / (ms / 2) : (ms - t) / (ms / 2);
    trace.append(t, (4 + up * (peakMb - 4)) * MIB, limitMb(t) * MIB);
  }
  return trace;
}

export interface ScriptedMulti {
  job: MultiJob;
  lastSignal: () => AbortSignal | undefined;
}

/** N runs replayed from `traceFor(i)`; the files are named, not written. */
export function scriptedMultiJob(
  traceFor: (index: number) => Trace,
  options: { batch?: number; everyMs?: number; files?: { dat: string; csv: string }; estimate?: RunEstimate } = {},
): ScriptedMulti {
  let signal: AbortSignal | undefined;
  const job = async (runs: number, hooks: MultiHooks) => {
    signal = hooks.signal;
    for (let i = 0; i < runs; i++) {
      if (hooks.signal.aborted) return { interrupted: true };
      hooks.onRunStart(i);
      const trace = await replay(traceFor(i), hooks.signal, hooks.onSamples, options.batch, options.everyMs);
      const result = resultFor(trace, {
        interrupted: hooks.signal.aborted,
        container: `functracer-test-${i + 1}`,
        rawCsv: `/fake/work/traces/run-${i + 1}-rawresults.csv`,
      });
      hooks.onRunDone(i, result);
      if (options.files && !result.interrupted) hooks.onFiles(options.files);
      if (result.interrupted) return { interrupted: true };
      // As runMulti asks once the first run is done: no answer, no second run.
      if (i === 0 && options.estimate && runs > 1 && !(await hooks.onEstimate(options.estimate))) return { interrupted: true };
    }
    return { interrupted: false };
  };
  return { job, lastSignal: () => signal };
}

/** Training replays a ramp per run, larger for larger inputs; the autotuned run follows its schedule's limit. */
export function scriptedHullJobs(
  options: { ms?: number; everyMs?: number } = {},
): HullJobs & { trainSignal: () => AbortSignal | undefined } {
  let trainSignal: AbortSignal | undefined;
  const ms = options.ms ?? 600;
  const peakOf = (input: string) => (input.includes('5mb') ? 180 : input.includes('2mb') ? 120 : 80);
  return {
    trainSignal: () => trainSignal,
    train: async (request, hooks) => {
      trainSignal = hooks.signal;
      for (let i = 0; i < request.runs; i++) {
        if (hooks.signal.aborted) return { interrupted: true };
        const input = request.plan?.title ?? request.inputs[i % request.inputs.length]!;
        hooks.onRunStart(i, input);
        const trace = await replay(rampTrace(ms, peakOf(input)), hooks.signal, hooks.onSamples, 100, options.everyMs ?? 2);
        hooks.onRunDone(i, input, resultFor(trace, { image: 'functracer/resize', interrupted: hooks.signal.aborted }));
      }
      return { interrupted: hooks.signal.aborted };
    },
    autotune: (target, uhull) => {
      const input = typeof target === 'string' ? target : target.title;
      const schedule = hullSchedule(uhull);
      const limitAt = (t: number) => [...schedule].reverse().find((s) => s.atMs <= t)?.mb ?? schedule[0]?.mb ?? 0;
      const job = async (hooks: RunHooks) => {
        hooks.onStatus('checking image functracer/resize');
        const trace = await replay(rampTrace(ms, peakOf(input) * 0.6, limitAt), hooks.signal, hooks.onSamples, 100, options.everyMs ?? 2);
        const updates = schedule
          .slice(0, 5)
          .map((s) => ({ targetMs: s.atMs, appliedMs: s.atMs + 1, askedMb: s.mb, setMb: s.mb, outcome: 'applied' as const }));
        return resultFor(trace, { image: 'functracer/resize', interrupted: hooks.signal.aborted, autotune: { leadMs: 1.5, updates } });
      };
      return { schedule, job };
    },
  };
}

/**
 * Each size's runs replayed: 60 MB at its peak, over sooner at larger sizes (the CPU the provider couples to memory),
 * killed for memory below the peak. The outcome is folded by the same code `functracer tune` uses.
 */
export function scriptedTuneJob(plan: RunPlan, options: { everyMs?: number; estimate?: RunEstimate } = {}): TuneJob {
  return async (request, hooks) => {
    const provider = findProvider(PROVIDERS, request.provider);
    const ran: SizeRuns[] = [];
    let interrupted = false;
    for (const mb of request.sizes) {
      const results: RunResult[] = [];
      for (let i = 0; i < request.runs && !interrupted; i++) {
        hooks.onRunStart(mb, i);
        // As the tracer does before each run.
        hooks.onStatus(`checking image ${plan.spec.image}`);
        const ms = Math.round(400 * (256 / mb)) + 20 + i;
        const trace = await replay(rampTrace(ms, Math.min(60, mb)), hooks.signal, hooks.onSamples, 100, options.everyMs ?? 2);
        const killed = mb < 60;
        const result = resultFor(trace, { interrupted: hooks.signal.aborted, oomKilled: killed, exitCode: killed ? 137 : 0 });
        results.push(result);
        hooks.onRunDone(mb, i, result);
        interrupted = result.interrupted;
        // As tune asks once the first run is done: a no stops there.
        if (ran.length === 0 && i === 0 && options.estimate && !interrupted) interrupted = !(await hooks.onEstimate(options.estimate));
      }
      ran.push({ mb, results });
      if (interrupted) break;
    }
    const { strategy, discard, cpuScale, balancedWeight } = TUNE_DEFAULTS;
    const full = { plan, provider, sizes: request.sizes, runs: request.runs, strategy, discard, cpuScale, balancedWeight };
    return tuneOutcome(full, 2, ran, interrupted);
  };
}
