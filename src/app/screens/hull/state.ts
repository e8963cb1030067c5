import type { RunPlan } from '../../../core/run-plan.js';
import type { HullSnapshot } from '../../hull-session.js';
import type { ScreenError } from '../../screen-error.js';
import type { PlotFiles } from '../../services.js';
import type { Settings } from '../../settings.js';
import type { TaskState } from '../../export-state.js';
import type { SampleInputs } from '../home/state.js';
import { defaultHullForm, hullItems, type HullField, type HullForm, type HullItem } from './form.js';

export type HullView = 'training' | 'test';

/** What the hull screen reads of the settings: the pricing of the test run's saving, and where files go. */
export type HullSettings = Pick<Settings, 'provider' | 'requestsPerMonth' | 'freeTier' | 'outDir'>;

/** The hull screen: the form as typed, what the keys left on screen, and the session's training and test run. */
export interface HullState {
  /** Set when a trace opened the screen: training runs that image with its options. */
  plan?: RunPlan;
  inputs: SampleInputs;
  /** The form as the user left it; absent, the defaults for the inputs listed. */
  form?: HullForm;
  cursor: number;
  editing?: { field: HullField; value: string };
  /** The view Tab chose; absent, the test run once there is one. */
  chosen?: HullView;
  /** What the last key could not do, until the next key. */
  notice?: ScreenError;
  saved: TaskState<{ hull: string; uhull: string }>;
  exported: TaskState<PlotFiles>;
  snapshot: HullSnapshot;
  /** Training or the test run is going, as the session said at the last change: the keys read it. */
  busy: boolean;
  settings: HullSettings;
  /** Where functracer started: saved paths are shown short. */
  cwd: string;
}

export function initialHull(given: Pick<HullState, 'snapshot' | 'busy' | 'settings' | 'cwd'> & { plan?: RunPlan }): HullState {
  return { ...given, inputs: { phase: 'listing', files: [] }, cursor: 0, saved: { phase: 'idle' }, exported: { phase: 'idle' } };
}

export function hullFormOf(state: HullState): HullForm {
  return state.form ?? defaultHullForm(state.inputs.files);
}

/** The cursor's stops, in the order the form draws them. */
export function hullItemsOf(state: HullState): HullItem[] {
  return hullItems(state.inputs.files, state.plan);
}

/** The training overlay until there is a test run; then the test run, unless Tab went back. */
export function hullViewOf(state: HullState): HullView {
  return state.snapshot.test ? (state.chosen ?? 'test') : 'training';
}

export function hasHull(state: HullState): boolean {
  return Boolean(state.snapshot.hull && state.snapshot.uhull);
}
