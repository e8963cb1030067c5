import { imageRows, type ImageRow, type SortKey } from '../../present/image-rows.js';
import { defaultForm, type RunForm } from '../../run-form.js';
import type { ScreenError } from '../../screen-error.js';
import type { LocalImage, SampleInputFile, TraceFile } from '../../services.js';
import type { TraceDeletion } from '../../trace-deletion.js';
import type { EngineState } from '../../engine-state.js';
import type { SamplesState } from '../../engine-state.js';
import { NO_ROOM, type PreviewRoom, type PreviewState } from './preview.js';

export type HomePane = 'images' | 'inputs' | 'options' | 'traces';
export const HOME_PANES: readonly HomePane[] = ['images', 'inputs', 'options', 'traces'];
export type FormField = keyof RunForm;

export interface SampleInputs {
  phase: 'listing' | 'writing' | 'ready' | 'failed';
  files: SampleInputFile[];
  error?: ScreenError;
}

/** Home: what the user chose and typed, and what the machine said (engine, samples, images, inputs, traces). */
export interface HomeState {
  pane: HomePane;
  selected: Record<HomePane, number>;
  filter: string;
  filtering: boolean;
  sort: SortKey;
  /** Forms the user changed, by image; the others show their defaults. */
  forms: Record<string, RunForm>;
  editing?: { field: FormField; value: string };
  /** What the last key could not do, until the next key. */
  notice?: ScreenError;
  /** A deletion's question on screen: the files that would go. */
  asking?: TraceDeletion;
  /** What the last deletion did, until the next key. */
  said?: string;
  engine: EngineState;
  samples: SamplesState;
  images: LocalImage[];
  inputs: SampleInputs;
  /** The engine's images asked whether they are Lambda-style functions: why they are, or null. */
  lambdaImages: Readonly<Record<string, string | null>>;
  /** The recorded traces in `outDir`; `loading` until the folder has been read once. */
  traces: { files: TraceFile[]; loading: boolean };
  outDir: string;
  refDataDir: string;
  /** Where functracer started: paths under it are shown short. */
  cwd: string;
  /** Rows a page moves. */
  page: number;
  /** The highlighted input's picture, as far as it is loaded, for the room the view last told. */
  preview: PreviewState;
  previewRoom: PreviewRoom;
}

export function initialHome(outDir: string, refDataDir: string, cwd: string): HomeState {
  return {
    pane: 'images',
    selected: { images: 0, inputs: 0, options: 0, traces: 0 },
    filter: '',
    filtering: false,
    sort: 'name',
    forms: {},
    engine: { status: 'connecting' },
    samples: { phase: 'waiting', statuses: [], rows: [] },
    images: [],
    lambdaImages: {},
    inputs: { phase: 'listing', files: [] },
    traces: { files: [], loading: true },
    outDir,
    refDataDir,
    cwd,
    page: 10,
    preview: { kind: 'none' },
    previewRoom: NO_ROOM,
  };
}

/** The image list as drawn: samples (with their build state once the engine said) and the engine's own images, filtered and sorted. */
export function rowsOf(state: HomeState, sort: SortKey = state.sort): ImageRow[] {
  const statuses = state.engine.status === 'ready' && state.samples.statuses.length > 0 ? state.samples.statuses : undefined;
  return imageRows(statuses, state.images, state.filter, sort, state.lambdaImages);
}

/** The image under the cursor; the list can shrink under it, so it is read clamped, as drawn. */
export function selectedRow(state: HomeState): ImageRow | undefined {
  const rows = rowsOf(state);
  return rows[Math.min(state.selected.images, rows.length - 1)];
}

/** The selected image's options: as the user left them, or its defaults. */
export function formOf(state: HomeState, row = selectedRow(state)): RunForm {
  const sample = row?.sample;
  return (row && state.forms[row.ref]) ?? defaultForm(sample, state.refDataDir, sample?.defaultArgs[0]);
}

/** A Lambda-style function: traced as `functracer invoke` runs it, fed events, never run to its end. */
export const invoked = (row: ImageRow | undefined): boolean => row?.sample?.lambdaRuntime === true || row?.lambda !== undefined;

/** The options the selected image has: a copied folder only for functions that rewrite files; events for a Lambda function, which has no volumes. */
export function fieldsOf(row: ImageRow | undefined): FormField[] {
  if (invoked(row)) return ['events', 'invocations', 'memory', 'args'];
  return ['volumes', ...(row?.sample?.input === 'scratch-dir' ? (['scratchFrom'] as const) : []), 'memory', 'args'];
}

/** The recorded trace under the cursor, read clamped: a deletion can shrink the list. */
export function traceAt(state: HomeState): TraceFile | undefined {
  const { files } = state.traces;
  return files[Math.min(state.selected.traces, files.length - 1)];
}

export function paneLength(state: HomeState, pane: HomePane): number {
  if (pane === 'images') return rowsOf(state).length;
  if (pane === 'inputs') return state.inputs.files.length;
  if (pane === 'options') return fieldsOf(selectedRow(state)).length;
  return state.traces.files.length;
}

/** Why nothing can run yet, or nothing: the engine's own error is already on screen, so this says what the key could not do. */
export function engineNotReady(engine: EngineState): ScreenError | undefined {
  if (engine.status === 'ready') return undefined;
  return engine.status === 'unreachable'
    ? { ...engine.error, message: `nothing can run without the engine: ${engine.error.message}` }
    : { message: 'still connecting to the engine', hint: 'wait a moment; the header says when it is ready', bug: false };
}

/** Why the selected image cannot run now (traced, or as a multi-run or a tuning), or nothing. */
export function cannotRun(state: HomeState, row: ImageRow, as: 'trace' | 'multi' | 'tune' = 'trace'): ScreenError | undefined {
  if (as !== 'trace' && invoked(row))
    return {
      message: `${row.ref} is a Lambda-style function: the TUI traces its invocations (Enter), but has no ${as === 'multi' ? 'multi-run' : 'tuning'} of them yet`,
      hint: 'press Enter to trace it with the events in its options',
      bug: false,
    };
  const engine = engineNotReady(state.engine);
  if (engine) return engine;
  // Samples are known once the engine said which are built; the engine's own images can run meanwhile.
  if (row.state === 'unknown')
    return {
      message: 'still checking the sample images on the engine',
      hint: 'wait a moment; the list says when they are ready',
      bug: false,
    };
  if (row.state !== 'ready') return { message: `${row.ref} is not built yet`, hint: 'wait for the sample build to finish', bug: false };
  return undefined;
}
