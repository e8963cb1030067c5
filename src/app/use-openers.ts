import { useMemo } from 'react';
import { HullSession } from './hull-session.js';
import { finishedMultiRun, MultiRunSession } from './multi-session.js';
import { MIB } from '../core/units.js';
import type { SizeOutcome } from '../ops/tune.js';
import { TuneSession } from './tune-session.js';
import type { Route } from './navigation.js';
import type { RunPlan } from '../core/run-plan.js';
import { offerOf } from './run-offer.js';
import type { Settings } from './settings.js';
import { resultSource, TraceSession, type RunResult } from './trace-session.js';
import type { EngineState } from './engine-state.js';
import { createHull } from './screens/hull/actions.js';
import { createMultiRun } from './screens/multi/actions.js';
import { createTune } from './screens/tune/actions.js';
import { traceRoute, type TraceShell } from './screens/trace/route.js';
import type { InvokePlan } from './invoke-form.js';
import { InvokeTraceSession } from './invoke-session.js';
import { withMemorySize } from '../ops/lambda-spec.js';

export interface Openers {
  /** Traces the plan once, on the live-trace screen. */
  trace(plan: RunPlan): void;
  /** Traces a Lambda-style function on the live-trace screen, its events handed out one after another. */
  invoke(request: InvokePlan): void;
  /** The multi-run screen for the plan, waiting for N. */
  multi(plan: RunPlan): void;
  /** The hull training screen: resize over the sample images, or the plan's image and options when a trace opens it. */
  hull(plan?: RunPlan): void;
  /** Power tuning of the plan: its sizes, runs and provider chosen on the screen. */
  tune(plan: RunPlan): void;
  /** One size of a tuning: its finished runs on the multi-run screen, run at that size again with r. */
  tunedSize(plan: RunPlan, size: SizeOutcome): void;
}

/**
 * How each screen that runs something is opened: its session and its model are
 * made here, with the engine and the settings of the moment, and pushed on the
 * stack through the shell. Without a ready engine nothing opens; the screens say
 * why before asking.
 */
export function useOpeners(shell: TraceShell, engine: EngineState, settings: Settings): Openers {
  return useMemo(() => {
    const { open, back, services } = shell;
    const ready = engine.status === 'ready' ? engine.engine : undefined;
    /** One finished run of a multi-run, read-only on the trace screen; `h` there trains on the multi-run's plan. */
    const runRoute = (result: RunResult, index: number, of: MultiRunSession, plan: RunPlan) => {
      const { title, runs, allocatedBytes } = of.getSnapshot();
      return traceRoute(shell, resultSource(`run ${index + 1} of ${runs} · ${title}`, result, allocatedBytes), offerOf(plan));
    };
    const multiRoute = (source: MultiRunSession, plan: RunPlan): Route => ({
      screen: 'multi',
      source,
      model: createMultiRun(source, services, { openRun: (result, index) => open(runRoute(result, index, source, plan)), back }),
    });
    const openers: Openers = {
      trace: (plan) => {
        if (!ready) return;
        const source = new TraceSession(plan.title, ready.runJob(plan, settings), plan.spec.memoryBytes);
        source.start();
        open(traceRoute(shell, source, offerOf(plan)));
      },
      invoke: (request) => {
        if (!ready) return;
        const { plan, invocations } = request;
        const memorySize = withMemorySize(plan.spec).memoryBytes!;
        const source = new InvokeTraceSession(plan.title, invocations, ready.invokeJob(request, settings), memorySize);
        source.start();
        open(traceRoute(shell, source));
      },
      multi: (plan) =>
        ready && open(multiRoute(new MultiRunSession(plan.title, ready.multiJob(plan, settings), plan.spec.memoryBytes), plan)),
      hull: (plan) => {
        if (!ready) return;
        const source = new HullSession(ready.hullJobs(settings), plan);
        open({ screen: 'hull', source, model: createHull(source, services, { back }) });
      },
      tune: (plan) => {
        if (!ready) return;
        const source = new TuneSession(plan.title, ready.tuneJob(plan, settings));
        const exits = { openSize: (size: SizeOutcome) => openers.tunedSize(plan, size), back };
        open({ screen: 'tune', source, model: createTune(services, source, exits) });
      },
      tunedSize: (plan, size) => {
        if (!ready) return;
        const cpus = size.cpus === null ? {} : { nanoCpus: Math.round(size.cpus * 1e9) };
        const sized = { ...plan, spec: { ...plan.spec, memoryBytes: size.mb * MIB, memorySwapBytes: size.mb * MIB, ...cpus } };
        const again = ready.multiJob(sized, settings);
        const source = finishedMultiRun(`${size.mb} MB · ${sized.title}`, size.results, again, size.mb * MIB);
        open(multiRoute(source, sized));
      },
    };
    return openers;
  }, [shell, engine, settings]);
}
