import { estimateText } from '../../../core/estimate.js';
import type { Trace } from '../../../core/trace.js';
import { wrapWords } from '../../../core/text-width.js';
import { firstThatFits, fitStart, titleWithState } from '../../../report/fit.js';
import { count, mb, seconds } from '../../../report/figures.js';
import { MULTI_HEADER, multiCostDigits, multiRowLine, spreadLine, statsLines, withNodeCell } from '../../../report/multi-rows.js';
import { barHints } from '../../key-bindings.js';
import { messageRows } from '../../present/message-lines.js';
import { shortPath } from '../../run-form.js';
import { exportText } from '../../export-state.js';
import { tableAt } from '../key-table.js';
import { sharedAt } from '../shell/keys.js';
import { multiRunKeys } from './keys.js';
import { running, shownRun, type MultiRunState } from './state.js';

/** Rows the run going now takes (its progress line, chart and sparkline), and the statistics under the table. */
const LIVE_ROWS = 7;
const STATS_ROWS = 8;

/** What the multi-run screen draws, worked out from its state and the room there is: the .tsx only lays it out. */
export function multiRunView(state: MultiRunState, size: { width: number; height: number }) {
  const { width, height } = size;
  const { run, table, settings } = state;
  const going = running(state);
  const idle = run.phase === 'idle';
  const { exported } = state;
  const exportLine = exported.phase === 'failed' ? undefined : exportText(exported, state.cwd);
  // What the last key did comes first (a refused N, a failed export), else "saved …" over a problem of the runs.
  const error = state.notice ?? (exported.phase === 'failed' ? exported.error : exportLine ? undefined : (run.error ?? table.error));
  const liveRows = going ? LIVE_ROWS : 0;
  const statsRows = !going && table.stats ? STATS_ROWS : 0;
  // The title, the line under it, the table's header, the message rows and the status bar.
  const messages = messageRows(error, width, height - 5 - liveRows - statsRows);
  const tableRows = Math.max(1, height - 4 - messages - liveRows - statsRows);
  const requests = settings.requestsPerMonth.toLocaleString('en-US');
  const pricings = [
    `priced on ${settings.provider} for ${requests} requests`,
    `${settings.provider}, ${requests} requests`,
    settings.provider,
  ];
  const lead = idle ? `N = ‹ ${run.runs} ›  ←/→ or a number, Enter starts` : `${run.done.length} of ${run.runs} runs done`;
  const files = run.files
    ? `Table ${shortPath(run.files.dat, state.cwd)} and .csv`
    : `Files go to ${settings.outDir}/ as functracer multi writes them`;
  const digits = multiCostDigits(table.rows);
  // Runs from a swarm name their node; the rows are drawn two columns in (the list's marker).
  const onSwarm = run.done.some((r) => r.node !== undefined);
  const noded = (line: string, node: string) => (onSwarm ? withNodeCell(line, node, width - 2) : line);
  const own = tableAt(multiRunKeys.table(state), state);
  return {
    title: titleWithState(`${run.runs} run${run.runs === 1 ? '' : 's'} of ${run.title}`, run.status, width),
    info: firstThatFits([...pricings.map((p) => `${lead} · ${p}`), lead], width),
    table: {
      header: `  ${noded(MULTI_HEADER, 'node')}`,
      lines: run.done.map((r, i) => noded(multiRowLine(i, r.durationMs, r.peakBytes, table.rows[i], digits), r.node ?? '?')),
      selected: shownRun(state),
      height: going ? tableRows : Math.min(tableRows, Math.max(1, run.done.length)),
      focused: !going,
      stats:
        statsRows > 0 && table.stats
          ? {
              title: `  statistics over ${run.done.length} run${run.done.length === 1 ? '' : 's'}: duration (ms), peak (MiB), cost ($)`,
              lines: statsLines(table.stats, digits).map((line) => `  ${line}`),
              spread: spreadLine(table.stats, run.hostLoad, width),
            }
          : undefined,
    },
    live: going ? ({ ...liveView(state, width), height: liveRows } satisfies MultiLiveView) : undefined,
    message: { error, rows: messages, lines: [{ text: fitStart(files, width), tone: 'dim' as const }, exportLine ?? ' '] },
    bar: barHints([...own, ...sharedAt({ canGoBack: true, typing: false })]),
  };
}

/** The run going now: where it is, and its trace for a small chart; or, after the first of a long series, whether to go on. */
export interface MultiLiveView {
  /** Rows in all: the progress line, the chart and its sparkline. */
  height: number;
  /** Whether to go on, wrapped: drawn instead of the progress. */
  ask?: string[];
  progress?: string;
  /** `samples` changes as the trace grows in place, so the chart is drawn again. */
  chart?: { trace: Trace; samples: number; toMs: number };
}

function liveView({ run }: MultiRunState, width: number): Omit<MultiLiveView, 'height'> {
  if (run.confirm) {
    return { ask: wrapWords(`Go on? ${estimateText(run.confirm)}. y goes on; x stops here, keeping the first run.`, width) };
  }
  const { current } = run;
  const trace = current?.trace;
  const last = trace && trace.length > 0 ? trace.length - 1 : -1;
  const progress =
    current && trace
      ? `run ${current.index + 1}/${run.runs} · ${seconds(trace.lastTime ?? 0)} · ${count(current.samples)} samples · now ${last >= 0 ? mb(trace.bytesAt(last)) : '–'} · peak ${mb(trace.peakBytes)}`
      : `${run.status}…`;
  const chart = current && trace ? { trace, samples: current.samples, toMs: Math.max(trace.lastTime ?? 0, 1000) } : undefined;
  return { progress, chart };
}

export type MultiRunView = ReturnType<typeof multiRunView>;
