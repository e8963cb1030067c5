import type { SampleBuildRow } from '../report/sample-builds.js';
import type { SampleStatus } from '../tracer/samples/builder.js';
import type { ScreenError } from './screen-error.js';
import type { EngineHandle } from './services.js';

/** The engine as the TUI knows it: one that does not answer is a state, not a crash; the TUI stays open without it. */
export type EngineState =
  { status: 'connecting' } | { status: 'ready'; engine: EngineHandle } | { status: 'unreachable'; error: ScreenError };

/** The sample images on the engine: checked once it answers, the missing and stale ones built, a progress row per image. */
export interface SamplesState {
  phase: 'waiting' | 'checking' | 'building' | 'ready' | 'failed';
  statuses: SampleStatus[];
  /** One row per sample while building, worded as `samples build` words them. */
  rows: SampleBuildRow[];
  error?: ScreenError;
}
