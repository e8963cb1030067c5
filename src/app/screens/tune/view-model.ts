import { titleWithState } from '../../../report/fit.js';
import { barHints } from '../../key-bindings.js';
import { tuneProgressLines } from '../../present/tune-screen.js';
import { exportText } from '../../export-state.js';
import { TUNE_FIELDS, type TuneField } from './form.js';
import { tuneKeyInfo } from './keys.js';
import { tuneBusy, chosenTuneSize, tuneLayout, type TuneRoom, type TuneState } from './state.js';

const LABELS: Record<TuneField, string> = { provider: 'Provider', sizes: 'Sizes', runs: 'Runs' };

/** One field of the form as drawn: `here` under the cursor, while the form has the keys. */
export interface TuneCell {
  field: TuneField;
  text: string;
  here: boolean;
}

/** What the Tune screen draws, worked out from its state and its room: the .tsx only lays it out. */
export function tuneView(state: TuneState, room: TuneRoom) {
  const { error, messages, bodyRows, report, scroll } = tuneLayout(state, room);
  const { snapshot, form, editing } = state;
  const outcome = snapshot.outcome;
  const formFocused = !tuneBusy(state) && (state.focus === 'form' || !outcome);
  const cells = TUNE_FIELDS.map((field, i): TuneCell => {
    const here = formFocused && i === state.cursor;
    const value = editing?.field === field ? `${editing.value}▏` : field === 'provider' ? `‹ ${form.provider} ›` : form[field];
    return { field, here, text: `${here ? '›' : ' '}${LABELS[field]} ${value} ` };
  });
  const body = outcome
    ? report.slice(scroll, scroll + bodyRows)
    : tuneProgressLines(
        snapshot,
        room.width,
        bodyRows,
        state.providers.find((p) => p.id === form.provider),
      );
  const { own, shared } = tuneKeyInfo(state, true);
  return {
    title: titleWithState(`Tune ${snapshot.title}`, snapshot.status, room.width),
    // The provider and the runs on the first row, the sizes (the longest) on their own.
    rows: [cells.filter((c) => c.field !== 'sizes'), cells.filter((c) => c.field === 'sizes')],
    bodyRows,
    body: body.map((line) => line || ' '),
    message: { error, rows: messages, lines: [sizeLine(state, report.length, scroll, bodyRows)] },
    bar: barHints([...own, ...shared]),
  };
}

/** The export's outcome until the next key (its failure is the error line); else the chosen size and where the report is. */
function sizeLine(state: TuneState, lines: number, scroll: number, bodyRows: number): string {
  const exported = state.exported.phase === 'failed' ? undefined : exportText(state.exported, state.cwd);
  if (exported) return exported;
  if (!state.snapshot.outcome) return ' ';
  const chosen = chosenTuneSize(state);
  if (!chosen) return 'No size finished a run.';
  const runs = `${chosen.results.length} run${chosen.results.length === 1 ? '' : 's'}`;
  const at = `${scroll + 1}–${Math.min(lines, scroll + bodyRows)} of ${lines} lines`;
  return `${state.focus === 'report' ? '›' : ' '}Size ‹ ${chosen.mb} MB › ${runs}: Enter opens them · ${at}`;
}
