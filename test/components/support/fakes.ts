import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { UserError } from '../../../src/core/errors.js';
import { Trace } from '../../../src/core/trace.js';
import { MIB } from '../../../src/core/units.js';
import type { AppServices, EngineHandle, SampleInputFile, TraceFile } from '../../../src/app/services.js';
import type { RunPlan } from '../../../src/core/run-plan.js';
import { planRun } from '../../../src/app/run-form.js';
import { planInvoke } from '../../../src/app/invoke-form.js';
import { refDataDir } from '../../../src/infra/package-root.js';
import { providerModels } from '../../../src/app/screen-pricing.js';
import { openSettings } from '../../../src/app/settings-store.js';
import { recordedSource, type RunHooks, type RunJob } from '../../../src/app/trace-session.js';
import { SAMPLE_FUNCTIONS, sampleImageRef } from '../../../src/tracer/samples/catalog.js';
import type { SampleStatus } from '../../../src/tracer/samples/builder.js';
import type { RunResult } from '../../../src/tracer/tracer.js';
import { scriptedHullJobs, scriptedTuneJob, scriptedMultiJob } from './jobs.js';
import { scriptedInvokeJob } from './invoke.js';

/** Every folder these tests make lives under one, removed when the test process ends. */
const TEMP_ROOT = fs.mkdtempSync(path.join(os.tmpdir(), 'functracer-components-'));
process.on('exit', () => fs.rmSync(TEMP_ROOT, { recursive: true, force: true }));
export const tempDir = (name: string) => fs.mkdtempSync(path.join(TEMP_ROOT, `${name}-`));

// Pricing reads the user's provider files from the config folder: point it at an empty one of our own.
process.env.FUNCTRACER_CONFIG_DIR = tempDir('config');

export const REF_DATA = '/fake/ref-data';
export const CWD = '/fake/work';

/** memshape's default shape by hand: 16 MiB, a one-sample 128 MiB spike, 16 MiB again; one sample a ms. */
export function memshapeTrace(ms = 1000, spikeAt = 500): Trace {
  const trace = new Trace();
  for (let t = 0; t < ms; t++) trace.append(t, (t === spikeAt ? 128 : 16) * MIB, 8 * 1024 * MIB);
  return trace;
}

export function resultFor(trace: Trace, overrides: Partial<RunResult> = {}): RunResult {
  return {
    image: 'functracer/memshape',
    container: 'functracer-test-1',
    containerId: 'abc',
    exitCode: 0,
    oomKilled: false,
    interrupted: false,
    startedAt: '2026-01-01T00:00:00.000000000Z',
    finishedAt: '2026-01-01T00:00:01.000000000Z',
    durationMs: trace.lastTime ?? 0,
    durationSource: 'engine',
    samples: trace.length,
    samplesPerSecond: 1000,
    samplesExpected: trace.length,
    sampler: 'cgroup',
    peakBytes: trace.peakBytes,
    peakSource: 'kernel',
    sampledPeakBytes: trace.peakBytes,
    firstSampleLatencyMs: 0.8,
    rawCsv: '/fake/work/traces/functracer-test-rawresults.csv',
    samplerCpuShare: 0.03,
    samplingNotes: [],
    cpuMs: 120,
    trace,
    autotune: null,
    outputFile: null,
    lastOutputLine: null,
    tellingOutput: [],
    ...overrides,
  };
}

export interface ScriptedJob {
  job: RunJob;
  /** How many times the job was started. */
  runs: () => number;
  /** The signal of the latest run, to see that stopping aborted it. */
  lastSignal: () => AbortSignal | undefined;
}

/**
 * A run that replays `trace` in batches of `batch` samples, one batch every
 * `everyMs`, then resolves; or, stopped, resolves interrupted. No engine involved.
 */
export function scriptedJob(
  source: Trace,
  options: { batch?: number; everyMs?: number; fail?: unknown; rawCsv?: string; ending?: Partial<RunResult> } = {},
): ScriptedJob {
  let runs = 0;
  let signal: AbortSignal | undefined;
  const job = async (hooks: RunHooks): Promise<RunResult> => {
    runs += 1;
    signal = hooks.signal;
    hooks.onStatus('checking image functracer/memshape');
    if (options.rawCsv) hooks.onRawCsv(options.rawCsv);
    const trace = new Trace();
    const batch = options.batch ?? 100;
    for (let i = 0; i < source.length && !hooks.signal.aborted; i += batch) {
      for (let j = i; j < Math.min(source.length, i + batch); j++) trace.append(source.timeAt(j), source.bytesAt(j), source.limitAt(j));
      hooks.onSamples(trace);
      await new Promise((resolve) => setTimeout(resolve, options.everyMs ?? 2));
    }
    if (options.fail !== undefined) throw options.fail;
    return resultFor(trace, { interrupted: hooks.signal.aborted, ...options.ending });
  };
  return { job, runs: () => runs, lastSignal: () => signal };
}

/** Built a minute apart in catalog order, so the last sample is the newest. */
export function sampleStatuses(missing: string[] = []): SampleStatus[] {
  return SAMPLE_FUNCTIONS.map((sample, i) => ({
    sample,
    image: sampleImageRef(sample),
    // As a plain build leaves them: a sample built on demand is not built.
    built: !missing.includes(sample.name) && sample.onDemand === undefined,
    stale: false,
    sizeBytes: 2 * MIB,
    imageId: `sha256:${sample.name}`,
    createdMs: Date.UTC(2026, 0, 1) + i * 60_000,
  }));
}

export function fakeEngine(jobFor: (plan: RunPlan) => RunJob, overrides: Partial<EngineHandle> = {}): EngineHandle & { plans: RunPlan[] } {
  const plans: RunPlan[] = [];
  return {
    plans,
    listSamples: async () => sampleStatuses(),
    buildSamples: async () => {},
    listImages: async () => [{ ref: 'alpine:3.20', sizeBytes: 8 * MIB, createdMs: Date.UTC(2025, 0, 1) }],
    runJob: (plan) => {
      plans.push(plan);
      return jobFor(plan);
    },
    multiJob: (plan) => {
      plans.push(plan);
      return scriptedMultiJob(() => memshapeTrace(300, 150)).job;
    },
    hullJobs: () => scriptedHullJobs(),
    tuneJob: (plan) => {
      plans.push(plan);
      return scriptedTuneJob(plan);
    },
    // An image of the engine's own that a test names acme/lambda… is a Lambda-style function.
    lambdaStyle: async (image) =>
      image.startsWith('acme/lambda') ? 'it runs /var/runtime/bootstrap, as a Lambda custom runtime does' : undefined,
    // Each event's "mb", as lambda-c takes it, handed out in order and over again.
    invokeJob: ({ plan, events, invocations }) => {
      plans.push(plan);
      const mbOf = (i: number) => Number((JSON.parse(events[i % events.length]!.payload.toString()) as { mb?: number }).mb ?? 0);
      return scriptedInvokeJob(Array.from({ length: invocations }, (_, i) => mbOf(i))).job;
    },
    ...overrides,
  };
}

export const INPUTS: SampleInputFile[] = [
  { name: 'sample-1mb.jpg', path: `${REF_DATA}/sample-1mb.jpg`, bytes: 1_050_000, size: { width: 2112, height: 1584 } },
  { name: 'sample-2mb.jpg', path: `${REF_DATA}/sample-2mb.jpg`, bytes: 2_010_000, size: { width: 2944, height: 2208 } },
  { name: 'sample-5mb.jpg', path: `${REF_DATA}/sample-5mb.jpg`, bytes: 4_900_000, size: { width: 4800, height: 3600 } },
];

const TRACE_FILES: TraceFile[] = [
  {
    name: 'functracer-20260101-000000-1-1-rawresults.csv',
    path: '/fake/work/traces/functracer-20260101-000000-1-1-rawresults.csv',
    bytes: 30_000,
    modifiedMs: 0,
  },
];

/** A settings store in a fresh temporary folder, never the user's own. */
export function tempSettings() {
  return openSettings(tempDir('settings'));
}

export function fakeServices(engine: EngineHandle | Error, overrides: Partial<AppServices> = {}): AppServices {
  return {
    connectEngine: async () => {
      if (engine instanceof Error) throw engine;
      return engine;
    },
    settings: tempSettings(),
    refDataDir: REF_DATA,
    cwd: CWD,
    checkOutDir: () => undefined,
    folderWarning: () => undefined,
    // The built-in providers: the config folder above has no files of the user's.
    providerModels,
    // The fake folders exist for the fake engine only.
    planRun: (image, form, sample) => planRun(image, form, sample, CWD, {}, () => true),
    // The example events are read for real: the screen reads them itself, through the same parser as invoke.
    planInvoke: (image, form, sample) =>
      planInvoke(image, { ...form, events: form.events?.replaceAll(REF_DATA, refDataDir()) ?? '' }, sample, CWD, {}, () => true),
    listSampleInputs: async () => INPUTS,
    writeSampleInputs: async () => {},
    listTraceFiles: async () => TRACE_FILES,
    openTraceFile: async (file) => ({ source: recordedSource(path.basename(file), memshapeTrace(), 1000, file) }),
    exportPlot: async (_input, outDir, stem) => ({
      svg: path.join(CWD, outDir, `${stem}-plot.svg`),
      png: path.join(CWD, outDir, `${stem}-plot.png`),
    }),
    exportTunePlot: async (_outcome, outDir) => ({
      svg: path.join(CWD, outDir, 'functracer-tune-20261202-120000-1-1-plot.svg'),
      png: path.join(CWD, outDir, 'functracer-tune-20261202-120000-1-1-plot.png'),
    }),
    saveHull: async (outDir) => ({ hull: path.join(CWD, outDir, 'hull.json'), uhull: path.join(CWD, outDir, 'uhull.json') }),
    loadPreview: async () => ({
      image: { width: 4, height: 4, data: new Uint8Array(48).fill(200) },
      sourceWidth: 4,
      sourceHeight: 4,
      format: 'jpeg',
    }),
    previewPng: async () => new Uint8Array([137, 80, 78, 71]),
    planTraceDeletion: async (trace, outDir) => ({
      folder: path.join(CWD, outDir),
      files: [{ path: trace, name: path.basename(trace), bytes: 30_000, dev: 1, ino: 1 }],
      kept: [],
    }),
    deleteTraceFiles: async (plan) => ({ deleted: plan.files.map((f) => f.name), kept: [] }),
    ...overrides,
  };
}

export const NO_ENGINE = new UserError(
  'no Docker engine answers at unix:///nowhere.sock (ENOENT)',
  'Start one (systemctl start docker, or dockerd &) or point DOCKER_HOST at a running engine',
);
