import type { LocalImage } from '../tracer/images.js';
import type { ImageSize } from '../core/jpeg-size.js';
import type { SampleBuildEvent, SampleStatus } from '../tracer/samples/builder.js';
import type { SampleFunction } from '../tracer/samples/catalog.js';
import type { RunForm, RunPlan } from './run-request.js';
import type { Settings, SettingsStore } from './settings.js';
import type { RunJob, TraceSource } from './trace-session.js';

export type { LocalImage } from '../tracer/images.js';

/** The engine once it answered: what the home screen lists and how a run is started. */
export interface EngineHandle {
  listSamples(): Promise<SampleStatus[]>;
  /** Builds the missing and stale samples. */
  buildSamples(onProgress: (event: SampleBuildEvent) => void): Promise<void>;
  listImages(): Promise<LocalImage[]>;
  /** The whole run as a job: scratch copy made, traced with these settings, copy removed. */
  runJob(plan: RunPlan, settings: Settings): RunJob;
}

export interface SampleInputFile {
  name: string;
  path: string;
  bytes: number;
  /** Absent when the file is not a JPEG the parser understands. */
  size?: ImageSize;
}

export interface TraceFile {
  name: string;
  path: string;
  bytes: number;
  modifiedMs: number;
}

/**
 * Everything the TUI does to the machine, in one object handed to <App>.
 * Tests hand it fakes; `createAppServices` wires the real engine and files.
 */
export interface AppServices {
  connectEngine(): Promise<EngineHandle>;
  settings: SettingsStore;
  /** Where sample inputs live (ref-data). */
  refDataDir: string;
  /** The folder relative paths (the output folder, volumes) are taken from. */
  cwd: string;
  /** The form as a run, with this process's cwd and environment; throws a UserError naming a bad field. */
  planRun(image: string, form: RunForm, sample: SampleFunction | undefined): RunPlan;
  listSampleInputs(): Promise<SampleInputFile[]>;
  /** Writes the sample JPEGs that are missing; slow (about a second a MB). */
  writeSampleInputs(): Promise<void>;
  listTraceFiles(dir: string): Promise<TraceFile[]>;
  openTraceFile(path: string): Promise<TraceSource>;
}
