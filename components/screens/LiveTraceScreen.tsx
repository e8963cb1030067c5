import { Box, Text } from 'ink';
import { useState } from 'react';
import { barHints, scrollBindings, type Binding, backBinding } from '../../src/app/key-bindings.js';
import { billingFor, priceSnapshot, snapshotDurationMs, snapshotPeakBytes } from '../../src/app/screen-pricing.js';
import { fit } from '../../src/report/fit.js';
import { limitText } from '../../src/app/present/limit-text.js';
import { count, mb, seconds } from '../../src/report/figures.js';
import { pictureStem, tracePlotInput } from '../../src/app/present/plot-inputs.js';
import { reportLines } from '../../src/app/present/report.js';
import type { Settings } from '../../src/app/settings.js';
import type { SessionSnapshot, TraceSource } from '../../src/app/trace-session.js';
import { exportText, useExport, type Exporter } from '../../src/app/use-export.js';
import { useScreenKeys } from '../../src/app/use-screen-keys.js';
import { useTraceSession } from '../../src/app/use-trace-session.js';
import { StatusBar } from '../StatusBar.js';
import { TraceChart } from '../trace/TraceChart.js';
import { TraceLower, type LowerView } from '../trace/TraceLower.js';
import type { ScreenChrome } from './screen-props.js';

export interface LiveTraceScreenProps extends ScreenChrome {
  source: TraceSource;
  settings: Pick<Settings, 'provider' | 'requestsPerMonth' | 'freeTier'> & Partial<Pick<Settings, 'outDir'>>;
  onCost?: () => void;
  /** The same image and options N times; absent for a recorded trace. */
  onMulti?: () => void;
  onHull?: () => void;
  /** Power tuning of the same image and options; absent where the run cannot be made again. */
  onTune?: () => void;
  /** Saves the picture with e; absent, there is no export. */
  exporter?: Exporter;
  /**
   * The screen of `functracer run` in a terminal: it prints the text report
   * itself once the screen closes, so the billing canvas stays, and q stops the run.
   */
  standalone?: boolean;
}

/** A run as it happens, and its report once it ends; or a recorded trace, read-only. */
export function LiveTraceScreen({
  source,
  settings,
  onCost,
  onMulti,
  onHull,
  onTune,
  exporter,
  standalone = false,
  ...chrome
}: LiveTraceScreenProps) {
  const showReport = !standalone;
  const snapshot = useTraceSession(source);
  const [chosen, setChosen] = useState<LowerView | undefined>(undefined);
  const [scroll, setScroll] = useState(0);
  const ended = snapshot.phase === 'finished' || snapshot.phase === 'recorded';
  const view: LowerView = chosen ?? (ended && showReport ? 'report' : 'billing');
  const cost = priceSnapshot(snapshot, settings);
  const report = showReport ? reportLines(snapshot, cost, chrome.width - 2) : [];
  const rows = layout(chrome.height);
  const running = snapshot.phase === 'running';
  const [exported, save, forgetExport] = useExport(exporter, settings.outDir ?? 'traces');
  const durationMs = snapshotDurationMs(snapshot);
  const billing = snapshot.samples > 0 ? billingFor(cost, settings.provider, durationMs) : undefined;
  const rerun = () => {
    setChosen(undefined);
    setScroll(0);
    source.start();
  };
  const exportPicture = () => save(tracePlotInput(snapshot, durationMs, billing), pictureStem(snapshot.rawCsv));

  const scrollBy = (delta: number) => setScroll((s) => Math.max(0, Math.min(Math.max(0, report.length - (rows.lower - 1)), s + delta)));
  const page = rows.lower - 1;
  const reading = () => view === 'report';
  // Most needed first: a bar too narrow even when tightened drops the hints at the end (help has them all).
  // Keys that depend on what the screen was given are left out, not turned off, so help lists only keys that can work here.
  const bindings: Binding[] = [
    { keys: ['x'], label: 'stop', help: 'stop the run (the trace is kept)', when: () => running, run: () => void source.stop() },
    ...(source.rerunnable && !standalone
      ? [{ keys: ['r'], label: 'rerun', help: 'run again with the same options', when: () => !running, run: rerun } satisfies Binding]
      : []),
    ...backBinding(chrome.onBack, running),
    ...(showReport
      ? [
          {
            keys: ['tab', 'shift-tab'],
            show: 'Tab',
            label: view === 'report' ? 'billing' : 'report',
            help: 'report ↔ billing canvas, once the run ended',
            when: () => ended,
            run: () => setChosen(view === 'report' ? 'billing' : 'report'),
          } satisfies Binding,
        ]
      : []),
    ...(onMulti
      ? [
          {
            keys: ['m'],
            label: 'multi',
            help: 'run the same image and options N times',
            when: () => !running,
            run: onMulti,
          } satisfies Binding,
        ]
      : []),
    ...(exporter
      ? [
          {
            keys: ['e'],
            label: 'export',
            help: 'export the picture (SVG and PNG) into the output folder',
            when: () => snapshot.samples > 0,
            run: exportPicture,
          } satisfies Binding,
        ]
      : []),
    ...(onHull
      ? [
          {
            keys: ['h'],
            label: 'hull',
            help: "train a hull on this run's image and options",
            when: () => !running,
            run: onHull,
          } satisfies Binding,
        ]
      : []),
    ...(onTune
      ? [
          {
            keys: ['p'],
            // Last of the run's keys: where the bar is full, it is the one that gives way to `? more`.
            label: 'tune',
            help: 'power tuning: the same image and options',
            when: () => !running,
            run: onTune,
          } satisfies Binding,
        ]
      : []),
    ...(onCost ? [{ keys: ['c'], label: 'cost', help: 'compare providers for this trace', run: onCost } satisfies Binding] : []),
    ...(showReport
      ? scrollBindings({
          of: 'the report',
          page,
          move: scrollBy,
          toStart: () => setScroll(0),
          toEnd: () => scrollBy(report.length),
          show: 'j/k',
          // Offered only when the report is longer than its pane; the keys work anyway.
          label: report.length > page ? 'scroll' : undefined,
          help: 'scroll the report',
          when: reading,
          spacePages: true,
        })
      : []),
    // `functracer run` has no App around it: q stops the run. The screen closes by itself when the run ends, its last frame offering no keys.
    ...(standalone
      ? [{ keys: ['q'], label: running ? 'stop' : undefined, help: 'stop the run', run: chrome.onQuit } satisfies Binding]
      : []),
  ];
  const keys = useScreenKeys({
    active: chrome.active,
    bindings,
    beforeKey: () => forgetExport(),
    onQuit: chrome.onQuit,
    ...(standalone ? {} : { onHelp: chrome.onHelp }),
    ...(chrome.onBack ? { onBack: chrome.onBack } : {}),
  });
  // A failed export is an error like any other, under the chart; what was saved goes in the title row.
  const saved = exported.phase === 'failed' ? undefined : exportText(exported, exporter?.cwd ?? '');
  return (
    <Box flexDirection="column" width={chrome.width} height={chrome.height} overflow="hidden">
      <Text wrap="truncate" bold {...(chrome.color && saved ? { color: 'green' } : {})}>
        {fit(saved ?? `${snapshot.title}  ·  ${snapshot.status}`, chrome.width)}
      </Text>
      <Text wrap="truncate">{statsLine(snapshot)}</Text>
      <TraceChart
        trace={snapshot.trace}
        samples={snapshot.samples}
        toMs={running ? Math.max(durationMs, 1000) : Math.max(durationMs, 1)}
        width={chrome.width}
        height={rows.chart}
        color={chrome.color}
        // A run that failed or was stopped before its first sample waits for nothing: the error below says why.
        {...(snapshot.phase === 'failed'
          ? { empty: `no samples: the run ${snapshot.status === 'stopped' ? 'was stopped' : 'failed'} before the first` }
          : {})}
      />
      <TraceLower
        view={view}
        trace={snapshot.trace}
        billing={billing}
        report={report}
        scroll={scroll}
        {...(snapshot.error ? { error: snapshot.error, afterError: afterErrorHint(standalone, source.rerunnable) } : {})}
        {...(exported.phase === 'failed' ? { notice: exported.error } : {})}
        width={chrome.width}
        height={rows.lower}
        color={chrome.color}
      />
      <StatusBar hints={barHints(keys)} width={chrome.width} color={chrome.color} />
    </Box>
  );
}

/** `functracer run` closes its screen on a failure, so only the TUI's trace screen offers keys after one. */
function afterErrorHint(standalone: boolean, rerunnable: boolean): string | undefined {
  if (standalone) return undefined;
  return rerunnable ? 'Esc goes back; r runs again.' : 'Esc goes back.';
}

/** Rows for the chart (with its axis) and for the pane under it, from the screen's height. */
function layout(height: number): { chart: number; lower: number } {
  const available = Math.max(6, height - 4);
  const chart = Math.max(3, Math.floor(available / 2));
  return { chart, lower: available - chart };
}

function statsLine(s: SessionSnapshot): string {
  const last = s.trace.length - 1;
  const now = last >= 0 ? mb(s.trace.bytesAt(last)) : '–';
  const limit = s.allocatedBytes ? mb(s.allocatedBytes) : s.phase === 'recorded' && last >= 0 ? limitText(s.trace.limitAt(last)) : 'none';
  const rate = s.result?.samplesPerSecond ?? s.trace.samplesPerSecond;
  return `now ${now}  peak ${mb(snapshotPeakBytes(s))}  limit ${limit}  ·  ${seconds(snapshotDurationMs(s))}  ·  ${count(s.samples)} samples, ${count(rate)}/s`;
}
