import type { ProviderModel } from '../../../core/cost/schema.js';
import type { SizeOutcome, TuneOutcome } from '../../../ops/tune.js';
import { messageRows } from '../../present/message-lines.js';
import { tuneReportLines } from '../../present/tune-screen.js';
import type { ScreenError } from '../../screen-error.js';
import type { TuneSnapshot } from '../../tune-session.js';
import type { ExportState } from '../../export-state.js';
import { defaultTuneForm, type TuneField, type TuneForm } from './form.js';

/** The rows and columns the screen has, and whether it draws in colour: the report is laid out for them. */
export interface TuneRoom {
  width: number;
  height: number;
  color: boolean;
}

/** The Tune screen: the form as the user left it, where the keys go, and the tuning as the session last told it. */
export interface TuneState {
  /** The providers to choose from, the settings' provider first. */
  providers: readonly ProviderModel[];
  form: TuneForm;
  /** The field of the form under the cursor, in `TUNE_FIELDS` order. */
  cursor: number;
  editing?: { field: Exclude<TuneField, 'provider'>; value: string };
  /** Where the keys go once there is a report: the form, or the report and its sizes. */
  focus: 'form' | 'report';
  /** The report's first line on screen; past its end it is read as the end. */
  scroll: number;
  /** The report's size chosen to open, read clamped. */
  size: number;
  /** What the last key could not do, until the next key. */
  notice?: ScreenError;
  /** The chart's export, shown until the next key. */
  exported: ExportState;
  snapshot: TuneSnapshot;
  room: TuneRoom;
  /** Where functracer started: the exported files are named from it. */
  cwd: string;
}

export function initialTune(providers: readonly ProviderModel[], snapshot: TuneSnapshot, cwd: string): TuneState {
  return {
    providers,
    form: defaultTuneForm(providers[0]!),
    cursor: 0,
    focus: 'form',
    scroll: 0,
    size: 0,
    exported: { phase: 'idle' },
    snapshot,
    room: { width: 80, height: 22, color: false },
    cwd,
  };
}

/** A tuning is going: the session is busy from `start` until its outcome is told. */
export const tuneBusy = (state: TuneState) => state.snapshot.phase === 'running';

/** A long tuning waits for the user's answer to go on. */
export const tuneAsking = (state: TuneState) => state.snapshot.confirm !== undefined;

/** The keys work the form: before any report, or with the form chosen over it. */
export const onTuneForm = (state: TuneState) => !state.snapshot.outcome || state.focus === 'form';

export const onTuneReport = (state: TuneState) => state.focus === 'report' && state.snapshot.outcome !== undefined;

/** The report's size chosen to open; the list can be shorter than the cursor, so it is read clamped. */
export function chosenTuneSize(state: TuneState): SizeOutcome | undefined {
  const sizes = state.snapshot.outcome?.sizes ?? [];
  return sizes[Math.min(state.size, Math.max(0, sizes.length - 1))];
}

/** What the message rows show: the last key's notice, the tuning's failure, or the export's. */
function shownError(state: TuneState): ScreenError | undefined {
  return state.notice ?? state.snapshot.error ?? (state.exported.phase === 'failed' ? state.exported.error : undefined);
}

/** The rows the screen gives each part in `room`, and the report laid out for it, scrolled. */
export function tuneLayout(state: TuneState, room: TuneRoom = state.room) {
  const error = shownError(state);
  // Title, the form's two lines, the message rows (the size line, or an error), the status bar.
  const messages = messageRows(error, room.width, room.height - 4 - 3);
  const bodyRows = Math.max(3, room.height - 4 - messages);
  const report = state.snapshot.outcome ? reportLines(state.snapshot.outcome, room.width, room.color) : [];
  const maxScroll = Math.max(0, report.length - bodyRows);
  return { error, messages, bodyRows, report, maxScroll, scroll: Math.min(state.scroll, maxScroll) };
}

// Every key and every draw lays the report out: the charts are made once for an outcome and a room.
let laidOut: { outcome: TuneOutcome; width: number; color: boolean; lines: string[] } | undefined;
function reportLines(outcome: TuneOutcome, width: number, color: boolean): string[] {
  if (laidOut?.outcome !== outcome || laidOut.width !== width || laidOut.color !== color)
    laidOut = { outcome, width, color, lines: tuneReportLines(outcome, width, color) };
  return laidOut.lines;
}
