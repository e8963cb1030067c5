import { barHints } from '../../key-bindings.js';
import { hullError, hullLines, hullTitle, trainingTraces } from '../../present/hull-screen.js';
import { messageRows } from '../../present/message-lines.js';
import { shortPath } from '../../run-form.js';
import { snapshotDurationMs } from '../../screen-pricing.js';
import type { SessionSnapshot } from '../../trace-session.js';
import { exportText } from '../../export-state.js';
import type { Size } from '../home/view-model.js';
import { tableAt } from '../key-table.js';
import { sharedAt } from '../shell/keys.js';
import { hullKeys } from './keys.js';
import { hullFormOf, hullItemsOf, hullViewOf, type HullState } from './state.js';

/** What the hull screen draws, worked out from its state and the room there is: the .tsx only lays it out. */
export function hullView(state: HullState, { width, height }: Size) {
  const { snapshot, plan, saved, exported } = state;
  const view = hullViewOf(state);
  const test = snapshot.test;
  const info = hullLines(snapshot, view, state.settings, plan !== undefined, width);
  const savedText = saved.phase === 'done' ? `Saved ${shortPath(saved.value.uhull, state.cwd)} and hull.json` : undefined;
  const exportLine = exported.phase === 'failed' ? undefined : exportText(exported, state.cwd);
  // What the last key met comes first; a failed run's error stays until the next run.
  const error =
    state.notice ??
    (exported.phase === 'failed' ? exported.error : undefined) ??
    (saved.phase === 'failed' ? saved.error : undefined) ??
    hullError(snapshot, view);
  const messages = messageRows(error, width, height - 5 - 4);
  // The title, the form's two lines, the chart's legend, the message rows and the status bar.
  const rows = Math.max(4, height - 5 - messages);
  const chart =
    view === 'test' && test
      ? {
          view: 'test' as const,
          trace: test.snapshot.trace,
          samples: test.snapshot.samples,
          toMs: testChartEnd(test.snapshot),
          height: rows,
        }
      : {
          view: 'training' as const,
          traces: trainingTraces(snapshot),
          ...(snapshot.hull ? { hull: snapshot.hull } : {}),
          ...(snapshot.uhull ? { uhull: snapshot.uhull } : {}),
          height: rows,
        };
  const typing = hullKeys.typing?.(state) !== undefined;
  const keys = [...tableAt(hullKeys.table(state), state), ...sharedAt({ canGoBack: true, typing })];
  return {
    title: hullTitle(snapshot, view, width, plan?.title),
    form: {
      form: hullFormOf(state),
      items: hullItemsOf(state),
      cursor: state.cursor,
      ...(state.editing ? { editing: state.editing } : {}),
      focused: !state.busy,
      ...(plan ? { trainOn: plan.title } : {}),
    },
    chart,
    message: { error, rows: messages, lines: [info[0] ?? ' ', exportLine ?? savedText ?? info[1] ?? ' '] },
    bar: barHints(keys),
  };
}

/** The test chart's time axis: at least a second while the run goes, so it does not rescale at every sample; the run's own length once it ended. */
function testChartEnd(run: SessionSnapshot): number {
  const last = run.trace.lastTime ?? 0;
  return run.phase === 'running' ? Math.max(last, 1000) : Math.max(snapshotDurationMs(run), last, 1);
}
