import { parseNumber, RANGES } from '../../../core/number-input.js';
import type { MultiSnapshot } from '../../multi-session.js';
import { screenMultiTable, type ScreenMultiTable } from '../../multi-table.js';
import type { PlotFiles } from '../../services.js';
import { screenError, type ScreenError } from '../../screen-error.js';
import type { Settings } from '../../settings.js';
import type { TaskState } from '../../export-state.js';

/** The settings the screen prices the runs with, and the folder the picture goes to. */
export type MultiRunSettings = Pick<Settings, 'provider' | 'requestsPerMonth' | 'freeTier' | 'outDir'>;

/** The multi-run screen: the session's runs as last drawn, priced, and what the user chose and typed. */
export interface MultiRunState {
  run: MultiSnapshot;
  settings: MultiRunSettings;
  /** `run.done` priced with `settings`: worked out once when either changes, not at each redraw. */
  table: ScreenMultiTable;
  /** The run under the cursor once the runs ended. */
  selected: number;
  /** Digits typed one after another for N, until another key. */
  typed?: string;
  /** What the last key could not do (a refused N), until the next key. */
  notice?: ScreenError;
  /** The export key's outcome, until the next key. */
  exported: TaskState<PlotFiles>;
  /** Where functracer started: paths under it are shown short. */
  cwd: string;
  /** Rows a page moves. */
  page: number;
}

/** `functracer multi -n` and the Tune screen's runs take no more either. */
export const MAX_RUNS = RANGES.runs.max;

const SETTINGS = ['provider', 'requestsPerMonth', 'freeTier', 'outDir'] as const;

/** The settings this screen uses, of all of them: a change to another (the sampling interval) prices nothing again. */
export function multiRunSettings({ provider, requestsPerMonth, freeTier, outDir }: MultiRunSettings): MultiRunSettings {
  return { provider, requestsPerMonth, freeTier, outDir };
}

export const sameSettings = (a: MultiRunSettings, b: MultiRunSettings) => SETTINGS.every((key) => a[key] === b[key]);

export function initialMultiRun(run: MultiSnapshot, settings: MultiRunSettings, cwd: string): MultiRunState {
  const picked = multiRunSettings(settings);
  return { run, settings: picked, table: priced(run, picked), selected: 0, exported: { phase: 'idle' }, cwd, page: 10 };
}

export function priced(run: Pick<MultiSnapshot, 'done' | 'allocatedBytes'>, settings: MultiRunSettings): ScreenMultiTable {
  return screenMultiTable(run.done, settings, run.allocatedBytes);
}

export const running = (state: MultiRunState) => state.run.phase === 'running';

/** The run the cursor is on: the last one while they run, else the selection, read clamped as drawn. */
export function shownRun(state: MultiRunState): number {
  const last = Math.max(0, state.run.done.length - 1);
  return running(state) ? last : Math.min(state.selected, last);
}

/**
 * N after one more digit: digits typed one after another make one number (1 then 2 is 12), leading zeros
 * dropped; past the cap the number typed so far stays, and the refusal says why.
 */
export function typedRuns(typed: string | undefined, digit: string): { typed: string; runs?: number } | { refused: ScreenError } {
  const text = `${typed ?? ''}${digit}`.replace(/^0+/, '');
  if (!text) return { typed: text };
  try {
    return { typed: text, runs: parseNumber(text, 'N', RANGES.runs) };
  } catch (error) {
    return { refused: screenError(error) };
  }
}
