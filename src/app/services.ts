import type { LocalImage } from '../tracer/images.js';
import type { Hull } from '../core/hull.js';
import type { ImageSize } from '../core/jpeg-size.js';
import type { PlotInput } from '../core/plot-spec.js';
import type { ProviderModel } from '../core/cost/schema.js';
import type { ImageThumbnail, CellBox } from '../infra/image-preview.js';
import type { PlotFiles } from '../infra/plot-render.js';
import type { TuneOutcome } from '../ops/tune.js';
import type { HullJobs } from './hull-session.js';
import type { MultiJob } from './multi-session.js';
import type { SampleBuildEvent, SampleStatus } from '../tracer/samples/builder.js';
import type { SampleFunction } from '../tracer/samples/catalog.js';
import type { RunPlan } from '../core/run-plan.js';
import type { OpenedTrace } from './file-service.js';
import type { TraceDeletion } from './trace-deletion.js';
import type { RunForm } from './run-form.js';
import type { Settings, SettingsStore } from './settings.js';
import type { RunJob } from './trace-session.js';
import type { TuneJob } from './tune-session.js';
import type { InvokePlan } from './invoke-form.js';
import type { InvokeJob } from './invoke-session.js';

export type { LocalImage } from '../tracer/images.js';
export type { CellBox, PlotFiles };

/** The engine once it answered: what the home screen lists and how a run is started. */
export interface EngineHandle {
  listSamples(): Promise<SampleStatus[]>;
  /** Builds the missing and stale samples; the signal stops the build and leaves no half-imported image. */
  buildSamples(onProgress: (event: SampleBuildEvent) => void, signal?: AbortSignal): Promise<void>;
  listImages(): Promise<LocalImage[]>;
  /** The whole run as a job: scratch copy made, traced with these settings, copy removed. */
  runJob(plan: RunPlan, settings: Settings): RunJob;
  /** N runs of the plan, with the .dat and CSV written into the settings' output folder after each. */
  multiJob(plan: RunPlan, settings: Settings): MultiJob;
  /** Hull training over sample images, and autotuned test runs, tracing into the output folder. */
  hullJobs(settings: Settings): HullJobs;
  /** `functracer tune` of the plan: each size's runs traced into the output folder. */
  tuneJob(plan: RunPlan, settings: Settings): TuneJob;
  /** Why the image looks like a Lambda-style function (from its entrypoint, command and environment), or undefined. */
  lambdaStyle(image: string): Promise<string | undefined>;
  /** `functracer invoke` of a Lambda-style function: its init and each event's invocation, traced into the output folder. */
  invokeJob(plan: InvokePlan, settings: Settings): InvokeJob;
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
  /** What ran, from the run record beside the trace: the image and its arguments. */
  run?: { image: string; args: string[] };
  /** A run record is beside the trace but was refused (another user's, a link, malformed): Enter says why. */
  recordRefused?: boolean;
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
  /**
   * The Output folder setting checked as it is entered: throws a UserError
   * naming the setting when no file can be created there, and returns why root
   * should not write there ("world-writable: …") when other users can too.
   */
  checkOutDir(dir: string): string | undefined;
  /** Why root should not write in this folder ("world-writable: …"), or undefined; nothing is made or written. */
  folderWarning(dir: string): string | undefined;
  /** Every provider's model, the built-ins and the user's own files, `first` first: what the Tune screen offers. */
  providerModels(first: string): ProviderModel[];
  /** The form as a run, with this process's cwd and environment; throws a UserError naming a bad field. */
  planRun(image: string, form: RunForm, sample: SampleFunction | undefined): RunPlan;
  /** The form as a Lambda-style function's session, its event files read; throws a UserError naming a bad field or event. */
  planInvoke(image: string, form: RunForm, sample: SampleFunction | undefined): InvokePlan;
  listSampleInputs(): Promise<SampleInputFile[]>;
  /** Writes the sample JPEGs that are missing; slow (about a second a MB). The signal stops it at once, writing nothing more. */
  writeSampleInputs(signal?: AbortSignal): Promise<void>;
  listTraceFiles(dir: string): Promise<TraceFile[]>;
  openTraceFile(path: string): Promise<OpenedTrace>;
  /** Renders the picture (SVG and PNG) as `<outDir>/<stem>-plot.svg` and `.png`; loads Vega and sharp on first use. */
  exportPlot(input: PlotInput, outDir: string, stem: string): Promise<PlotFiles>;
  /** Duration and cost against size as `<outDir>/functracer-tune-<stamp>-plot.svg` and `.png`, as `tune --plot` writes them. */
  exportTunePlot(outcome: TuneOutcome, outDir: string): Promise<PlotFiles>;
  /** hull.json and uhull.json (floored at the engine's minimum, as `functracer hull` writes it) into `outDir`. */
  saveHull(outDir: string, hull: Hull, uhull: Hull): Promise<{ hull: string; uhull: string }>;
  /** The image shrunk to fit the cells, for half blocks; loads sharp on first use. */
  loadPreview(file: string, cells: CellBox): Promise<ImageThumbnail>;
  /** A small PNG of the image, for the kitty and iTerm2 protocols. */
  previewPng(file: string): Promise<Uint8Array>;
  /** What deleting a recorded trace in `outDir` would remove (its CSV, `-run.json` and `-output.txt`, if functracer's), and leave. */
  planTraceDeletion(trace: string, outDir: string): Promise<TraceDeletion>;
  /** Removes what the user agreed to, each file checked again first. */
  deleteTraceFiles(plan: TraceDeletion): Promise<{ deleted: string[]; kept: TraceDeletion['kept'] }>;
}
