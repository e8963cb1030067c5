import { resolve } from 'node:path';
import { sharedFolderWarning } from '../infra/out-dir.js';
import { refDataDir } from '../infra/package-root.js';
import { listJpegs, listTraceFiles, openTraceFile } from './file-service.js';
import { exportHull, exportPlot, exportTunePlot, loadPreview, previewPng } from './picture-service.js';
import { planRun } from './run-form.js';
import { planInvoke } from './invoke-form.js';
import { providerModels } from './screen-pricing.js';
import { deleteTraceFiles, planTraceDeletion } from './trace-deletion.js';
import type { AppServices } from './services.js';
import type { SettingsStore } from './settings.js';
import { checkOutputFolder } from './settings-folder.js';

/**
 * The real machine: Docker through src/tracer, files on disk. The engine module
 * (and dockerode with it) is loaded on first use, so the first frame does not wait for it.
 */
export function createAppServices(settings: SettingsStore, cwd: string = process.cwd()): AppServices {
  const refData = refDataDir();
  return {
    settings,
    cwd,
    refDataDir: refData,
    connectEngine: async () => (await import('./engine-service.js')).connectDockerEngine(cwd),
    checkOutDir: (dir) => checkOutputFolder(dir, cwd).warning,
    folderWarning: (dir) => sharedFolderWarning(resolve(cwd, dir)),
    providerModels,
    planRun: (image, form, sample) => planRun(image, form, sample, cwd, process.env),
    planInvoke: (image, form, sample) => planInvoke(image, form, sample, cwd, process.env),
    listSampleInputs: () => listJpegs(refData),
    writeSampleInputs: async (signal) => {
      await (await import('../tracer/samples/ensure.js')).ensureSampleInputs(refData, undefined, signal);
    },
    listTraceFiles: (dir) => listTraceFiles(resolve(cwd, dir)),
    openTraceFile,
    exportPlot: (input, outDir, stem) => exportPlot(input, resolve(cwd, outDir), stem),
    exportTunePlot: (outcome, outDir) => exportTunePlot(outcome, resolve(cwd, outDir)),
    saveHull: (outDir, hull, uhull) => exportHull(resolve(cwd, outDir), hull, uhull),
    loadPreview,
    previewPng,
    planTraceDeletion: (trace, outDir) => planTraceDeletion(trace, resolve(cwd, outDir)),
    deleteTraceFiles,
  };
}
