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
import { createMultiRun } from './screens/multi/actions.js';
import type { AppServices } from './services.js';

export interface Openers {
  /** Traces the plan once, on the live-trace screen. */
  trace(plan: RunPlan): void;
  /** The multi-run screen for the plan, waiting for N. */
  multi(plan: RunPlan): void;
  /** The hull training screen: resize over the sample images, or the plan's image and options when a trace opens it. */
  hull(plan?: RunPlan): void;
  /** Power tuning of the plan: its sizes, runs and provider chosen on the screen. */
  tune(plan: RunPlan): void;
  /** One size of a tuning: its finished runs on the multi-run screen, run at that size again with r. */
  tunedSize(plan: RunPlan, size: SizeOutcome): void;
}

/** What the openers need of the shell: its stack, and the services the screens' models reach the machine through. */
interface OpenersShell {
  open(route: Route): void;
  back(): void;
  services: AppServices;
}

/**
 * How each screen that runs something is opened: its session is made here,
 * with the engine and the settings of the moment, and pushed on the stack.
 * Without a ready engine nothing opens; the screens say why before asking.
 */
export function useOpeners(shell: OpenersShell, engine: EngineState, settings: Settings): Openers {
  const { open, back, services } = shell;
  return useMemo(() => {
    const ready = engine.status === 'ready' ? engine.engine : undefined;
    const multiRoute = (source: MultiRunSession, plan: RunPlan): Route => ({
      screen: 'multi',
      source,
      model: createMultiRun(source, services, { openRun: (result, index) => open(runRoute(result, index, source, plan)), back }),
    });
    return {
      trace: (plan) => {
        if (!ready) return;
        const source = new TraceSession(plan.title, ready.runJob(plan, settings), plan.spec.memoryBytes);
        source.start();
        open({ screen: 'trace', source, offer: offerOf(plan) });
      },
      multi: (plan) =>
        ready && open(multiRoute(new MultiRunSession(plan.title, ready.multiJob(plan, settings), plan.spec.memoryBytes), plan)),
      hull: (plan) => ready && open({ screen: 'hull', source: new HullSession(ready.hullJobs(settings), plan) }),
      tune: (plan) => ready && open({ screen: 'tune', source: new TuneSession(plan.title, ready.tuneJob(plan, settings)), plan }),
      tunedSize: (plan, size) => {
        if (!ready) return;
        const cpus = size.cpus === null ? {} : { nanoCpus: Math.round(size.cpus * 1e9) };
        const sized = { ...plan, spec: { ...plan.spec, memoryBytes: size.mb * MIB, memorySwapBytes: size.mb * MIB, ...cpus } };
        const again = ready.multiJob(sized, settings);
        const source = finishedMultiRun(`${size.mb} MB · ${sized.title}`, size.results, again, size.mb * MIB);
        open(multiRoute(source, sized));
      },
    };
  }, [open, back, services, engine, settings]);
}

/** One finished run of a multi-run, read-only on the trace screen; `h` there trains on the multi-run's plan. */
function runRoute(result: RunResult, index: number, of: MultiRunSession, plan: RunPlan): Route {
  const { title, runs, allocatedBytes } = of.getSnapshot();
  return { screen: 'trace', source: resultSource(`run ${index + 1} of ${runs} · ${title}`, result, allocatedBytes), offer: offerOf(plan) };
}
