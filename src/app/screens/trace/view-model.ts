import { count, mb, seconds } from '../../../report/figures.js';
import { fit } from '../../../report/fit.js';
import { barHints } from '../../key-bindings.js';
import { currentMarks, lambdaStatus } from '../../present/lambda-live.js';
import { limitText } from '../../present/limit-text.js';
import { phaseRow } from '../../present/phase-marks.js';
import { plotColumns } from '../../../core/ascii-chart.js';
import { snapshotDurationMs, snapshotPeakBytes } from '../../screen-pricing.js';
import type { SessionSnapshot } from '../../trace-session.js';
import { exportText } from '../../export-state.js';
import { tableAt } from '../key-table.js';
import { sharedAt } from '../shell/keys.js';
import { runQuitHint, traceKeys } from './keys.js';
import { traceBilling, traceCost, lowerPane, traceReport, traceRunning, traceRows, type TraceSize, type TraceState } from './state.js';

/** What the trace screen draws, worked out from its state and the room there is: the .tsx only lays it out. */
export function traceView(given: TraceState, size: TraceSize) {
  const state = { ...given, size };
  const { snapshot, exported } = state;
  const cost = traceCost(state);
  const rows = traceRows(size.height);
  const durationMs = snapshotDurationMs(snapshot);
  // A failed export is an error like any other, under the chart; what was saved goes in the title row.
  const saved = exported.phase === 'failed' ? undefined : exportText(exported, state.cwd);
  const own = tableAt(traceKeys.table(state), state);
  const shared = state.standalone ? [runQuitHint(state)] : sharedAt({ canGoBack: state.can.back, typing: false });
  const { lambda } = snapshot;
  const toMs = traceRunning(state) ? Math.max(durationMs, 1000) : Math.max(durationMs, 1);
  const status = lambda ? lambdaStatus(lambda, snapshot.status, traceRunning(state)) : snapshot.status;
  return {
    title: { text: fit(saved ?? `${snapshot.title}  ·  ${status}`, size.width), saved: saved !== undefined },
    stats: statsLine(snapshot),
    chart: {
      trace: snapshot.trace,
      samples: snapshot.samples,
      toMs,
      height: rows.chart,
      // An invoked function's phases, marked where each began: init │ 1 │ 2 …
      ...(lambda ? { phases: phaseRow(currentMarks(lambda), plotColumns(size.width), toMs) } : {}),
      // A run that failed or was stopped before its first sample waits for nothing: the error below says why.
      ...(snapshot.phase === 'failed'
        ? { empty: `no samples: the run ${snapshot.status === 'stopped' ? 'was stopped' : 'failed'} before the first` }
        : {}),
    },
    lower: {
      view: lowerPane(state),
      trace: snapshot.trace,
      billing: traceBilling(state, cost),
      report: traceReport(state, cost),
      scroll: state.scroll,
      ...(snapshot.error ? { error: snapshot.error, afterError: afterErrorHint(state) } : {}),
      ...(exported.phase === 'failed' ? { notice: exported.error } : {}),
      height: rows.lower,
    },
    bar: barHints([...own, ...shared]),
  };
}

/** `functracer run` closes its screen on a failure, so only the TUI's trace screen offers keys after one. */
function afterErrorHint(state: TraceState): string | undefined {
  if (state.standalone) return undefined;
  return state.can.rerun ? 'Esc goes back; r runs again.' : 'Esc goes back.';
}

function statsLine(s: SessionSnapshot): string {
  const last = s.trace.length - 1;
  const now = last >= 0 ? mb(s.trace.bytesAt(last)) : '–';
  const limit = s.allocatedBytes ? mb(s.allocatedBytes) : s.phase === 'recorded' && last >= 0 ? limitText(s.trace.limitAt(last)) : 'none';
  const rate = s.result?.samplesPerSecond ?? s.trace.samplesPerSecond;
  return `now ${now}  peak ${mb(snapshotPeakBytes(s))}  limit ${limit}  ·  ${seconds(snapshotDurationMs(s))}  ·  ${count(s.samples)} samples, ${count(rate)}/s`;
}
