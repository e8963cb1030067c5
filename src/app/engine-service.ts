import { resolve } from 'node:path';
import { autotuneSchedule, runAutotuneTest, trainHull } from '../ops/hull.js';
import { openEngine } from '../ops/engine.js';
import { runMulti } from '../ops/multi.js';
import { findProvider } from '../core/cost/providers.js';
import { requireProviderSet } from '../ops/providers.js';
import { runOnce } from '../ops/run-once.js';
import { tune, TUNE_DEFAULTS } from '../ops/tune.js';
import { listLocalImages } from '../tracer/images.js';
import { buildSamples, listSampleStatus } from '../tracer/samples/builder.js';
import type { HullJobs } from './hull-session.js';
import { costSettingsOf } from './pricing.js';
import type { EngineHandle } from './services.js';
import type { Settings } from './settings.js';

/** The engine for the TUI: the same use cases as the commands, with the settings' output folder, interval and pricing. */
export async function connectDockerEngine(cwd: string): Promise<EngineHandle> {
  const { docker, runtime } = await openEngine();
  const traceSettings = (settings: Settings) => ({ outDir: resolve(cwd, settings.outDir), intervalMs: settings.intervalMs });
  return {
    listSamples: () => listSampleStatus(docker),
    buildSamples: async (onProgress, signal) => {
      await buildSamples(docker, { onProgress, ...(signal ? { signal } : {}) });
    },
    listImages: () => listLocalImages(docker),
    runJob: (plan, settings) => (hooks) => runOnce(runtime, plan, traceSettings(settings), hooks),
    multiJob: (plan, settings) => async (runs, hooks) => {
      const pricing = costSettingsOf(settings, plan.spec.memoryBytes);
      const outcome = await runMulti(runtime, plan, { ...traceSettings(settings), runs, provider: settings.provider, pricing }, hooks);
      return { interrupted: outcome.interrupted };
    },
    tuneJob: (plan, settings) => (request, hooks) => {
      const provider = findProvider(requireProviderSet().models, request.provider);
      const { strategy, discard, cpuScale, balancedWeight } = TUNE_DEFAULTS;
      const { sizes, runs } = request;
      return tune(runtime, { plan, provider, sizes, runs, strategy, discard, cpuScale, balancedWeight }, traceSettings(settings), hooks);
    },
    hullJobs: (settings): HullJobs => ({
      train: async (request, hooks) => ({ interrupted: (await trainHull(runtime, request, traceSettings(settings), hooks)).interrupted }),
      autotune: (target, uhull) => {
        const schedule = autotuneSchedule(uhull);
        return { schedule, job: (hooks) => runAutotuneTest(runtime, target, schedule, traceSettings(settings), hooks) };
      },
    }),
  };
}
