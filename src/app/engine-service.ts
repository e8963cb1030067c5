import { autotuneSchedule, runAutotuneTest, trainHull } from '../ops/hull.js';
import { openEngine } from '../ops/engine.js';
import { runMulti } from '../ops/multi.js';
import { findProvider } from '../core/cost/providers.js';
import { requireProviderSet } from '../ops/providers.js';
import { runOnce } from '../ops/run-once.js';
import { invokeFunction } from '../ops/invoke.js';
import { refuseRemoteEngine } from '../ops/lambda-spec.js';
import { lambdaStyle } from '../core/lambda-image.js';
import { tune, TUNE_DEFAULTS } from '../ops/tune.js';
import { listLocalImages } from '../tracer/images.js';
import { buildSamples, listSampleStatus } from '../tracer/samples/builder.js';
import type { HullJobs } from './hull-session.js';
import { costSettingsOf } from './screen-pricing.js';
import type { EngineHandle } from './services.js';
import { swarmOf, type Settings } from './settings.js';
import { multiOnSwarm } from './swarm-multi-job.js';
import { checkOutputFolder, OUTPUT_FOLDER_SETTING } from './settings-folder.js';

/** The engine for the TUI: the same use cases as the commands, with the settings' output folder, interval and pricing. */
export async function connectDockerEngine(cwd: string): Promise<EngineHandle> {
  const { docker, runtime } = await openEngine();
  // Checked before each job, so a bad folder (a hand-edited settings file) is refused before a container runs, naming the setting.
  const traceSettings = (settings: Settings) => ({
    outDir: checkOutputFolder(settings.outDir, cwd).path,
    intervalMs: settings.intervalMs,
    folder: OUTPUT_FOLDER_SETTING,
  });
  return {
    listSamples: () => listSampleStatus(docker),
    buildSamples: async (onProgress, signal) => {
      await buildSamples(docker, { onProgress, ...(signal ? { signal } : {}) });
    },
    listImages: () => listLocalImages(docker),
    runJob: (plan, settings) => async (hooks) => runOnce(runtime, plan, traceSettings(settings), hooks),
    lambdaStyle: async (image) => (runtime.imageConfig ? lambdaStyle(await runtime.imageConfig(image), { args: [], env: [] }) : undefined),
    invokeJob: (request, settings) => async (hooks) => {
      refuseRemoteEngine();
      return invokeFunction(runtime, { ...request, trace: traceSettings(settings) }, hooks);
    },
    multiJob: (plan, settings) => async (runs, hooks) => {
      const pricing = costSettingsOf(settings, plan.spec.memoryBytes);
      const swarm = swarmOf(settings);
      if (swarm) return multiOnSwarm(plan, { ...traceSettings(settings), runs, provider: settings.provider, pricing }, swarm, hooks);
      const outcome = await runMulti(runtime, plan, { ...traceSettings(settings), runs, provider: settings.provider, pricing }, hooks);
      return { interrupted: outcome.interrupted, hostLoad: outcome.hostLoad };
    },
    tuneJob: (plan, settings) => async (request, hooks) => {
      const provider = findProvider(requireProviderSet().models, request.provider);
      const { strategy, discard, cpuScale, balancedWeight } = TUNE_DEFAULTS;
      const { sizes, runs } = request;
      return tune(runtime, { plan, provider, sizes, runs, strategy, discard, cpuScale, balancedWeight }, traceSettings(settings), hooks);
    },
    hullJobs: (settings): HullJobs => ({
      train: async (request, hooks) => ({ interrupted: (await trainHull(runtime, request, traceSettings(settings), hooks)).interrupted }),
      autotune: (target, uhull) => {
        const schedule = autotuneSchedule(uhull);
        return { schedule, job: async (hooks) => runAutotuneTest(runtime, target, schedule, traceSettings(settings), hooks) };
      },
    }),
  };
}
