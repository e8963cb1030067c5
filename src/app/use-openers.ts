import { useMemo } from 'react';
import { HullSession } from './hull-session.js';
import { finishedMultiRun, MultiRunSession } from './multi-session.js';
import { MIB } from '../core/units.js';
import type { SizeOutcome } from '../ops/tune.js';
import { TuneSession } from './tune-session.js';
import type { RunPlan } from '../core/run-plan.js';
import { offerOf } from './run-offer.js';
import type { Settings } from './settings.js';
import { resultSource, TraceSession, type RunResult } from './trace-session.js';
import type { EngineState } from './engine-state.js';
import { createHull } from './screens/hull/actions.js';
import type { ShellModel } from './screens/shell/shell.js';

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
  /** One finished run of a multi-run, read-only on the trace screen; `h` there trains on the multi-run's plan. */
  run(result: RunResult, index: number, of: MultiRunSession, plan: RunPlan): void;
}

/**
 * How each screen that runs something is opened: its session is made here,
 * with the engine and the settings of the moment, and pushed on the stack.
 * Without a ready engine nothing opens; the screens say why before asking.
 */
export function useOpeners(shell: Pick<ShellModel, 'open' | 'back' | 'services'>, engine: EngineState, settings: Settings): Openers {
  return useMemo(() => {
    const { open } = shell;
    const ready = engine.status === 'ready' ? engine.engine : undefined;
    return {
      trace: (plan) => {
        if (!ready) return;
        const source = new TraceSession(plan.title, ready.runJob(plan, settings), plan.spec.memoryBytes);
        source.start();
        open({ screen: 'trace', source, offer: offerOf(plan) });
      },
      multi: (plan) =>
        ready &&
        open({ screen: 'multi', source: new MultiRunSession(plan.title, ready.multiJob(plan, settings), plan.spec.memoryBytes), plan }),
      hull: (plan) => {
        if (!ready) return;
        const source = new HullSession(ready.hullJobs(settings), plan);
        open({ screen: 'hull', source, model: createHull(source, shell.services, { back: () => shell.back() }) });
      },
      tune: (plan) => ready && open({ screen: 'tune', source: new TuneSession(plan.title, ready.tuneJob(plan, settings)), plan }),
      tunedSize: (plan, size) => {
        if (!ready) return;
        const cpus = size.cpus === null ? {} : { nanoCpus: Math.round(size.cpus * 1e9) };
        const sized = { ...plan, spec: { ...plan.spec, memoryBytes: size.mb * MIB, memorySwapBytes: size.mb * MIB, ...cpus } };
        const again = ready.multiJob(sized, settings);
        const source = finishedMultiRun(`${size.mb} MB · ${sized.title}`, size.results, again, size.mb * MIB);
        open({ screen: 'multi', source, plan: sized });
      },
      run: (result, index, of, plan) => {
        const { title, runs } = of.getSnapshot();
        open({
          screen: 'trace',
          source: resultSource(`run ${index + 1} of ${runs} · ${title}`, result, of.getSnapshot().allocatedBytes),
          offer: offerOf(plan),
        });
      },
    };
  }, [shell, engine, settings]);
}
