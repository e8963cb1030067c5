import { reportProviders } from '../commands/autotune-report.js';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { floorHull, hullSchedule } from '../core/hull.js';
import { MIB } from '../core/units.js';
import { ENGINE_MIN_LIMIT_BYTES } from '../tracer/autotuner.js';
import { resizeSpec, trainHull } from '../tracer/hull-training.js';
import type { ContainerRuntime } from '../tracer/runtime.js';
import { traceRun } from '../tracer/tracer.js';
import type { HullJobs } from './hull-session.js';
import type { Settings } from './settings.js';

/** `functracer hull` and `run --uhull` from the TUI: traces go into the output folder, as the commands write them. */
export function hullJobs(runtime: ContainerRuntime, settings: Settings, cwd: string): HullJobs {
  const outDir = resolve(cwd, settings.outDir);
  return {
    train: async (request, hooks) => {
      const inputs = new Map<number, string>();
      const outcome = await trainHull(runtime, {
        ...request,
        outDir,
        intervalMs: settings.intervalMs,
        signal: hooks.signal,
        onSamples: hooks.onSamples,
        onStatus: hooks.onStatus,
        onRunStart: (index, input) => {
          inputs.set(index, input);
          hooks.onRunStart(index, input);
        },
        onRunDone: (index, result) => hooks.onRunDone(index, inputs.get(index) ?? '', result),
      });
      return { interrupted: outcome.interrupted };
    },
    autotune: (input, uhull) => {
      // The same floor as uhull.json: the engine refuses limits under its minimum.
      const schedule = hullSchedule(floorHull(uhull, ENGINE_MIN_LIMIT_BYTES / MIB));
      const job = async (hooks: Parameters<ReturnType<HullJobs['autotune']>['job']>[0]) => {
        const scratch = await mkdtemp(join(tmpdir(), 'functracer-autotune-'));
        try {
          return await traceRun(runtime, resizeSpec(input, scratch), {
            autotune: schedule,
            outDir,
            intervalMs: settings.intervalMs,
            ...hooks,
          });
        } finally {
          await rm(scratch, { recursive: true, force: true });
        }
      };
      return { schedule, job, providers: reportProviders() };
    },
  };
}
