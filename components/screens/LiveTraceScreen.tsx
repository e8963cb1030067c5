import { Box, Text, type Key } from 'ink';
import { useState } from 'react';
import { billingFor, chosenFirst, priceSnapshot, snapshotDurationMs, snapshotPeakBytes } from '../../src/app/pricing.js';
import { count, fit, limitText, mb, seconds } from '../../src/app/present/format.js';
import { GLOBAL_HINTS, type KeyHint } from '../../src/app/present/key-bar.js';
import { tracePlotInput, traceStem } from '../../src/app/present/plot-inputs.js';
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
  const report = showReport ? reportLines(snapshot, chosenFirst(cost, settings.provider)) : [];
  const rows = layout(chrome.height);
  const running = snapshot.phase === 'running';
  const [exported, save, forgetExport] = useExport(exporter, settings.outDir ?? 'traces');
  const durationMs = snapshotDurationMs(snapshot);
  const billing = snapshot.samples > 0 ? billingFor(cost, settings.provider, durationMs) : undefined;

  const scrollBy = (delta: number) => setScroll((s) => Math.max(0, Math.min(Math.max(0, report.length - (rows.lower - 1)), s + delta)));
  useScreenKeys({
    active: chrome.active,
    editing: false,
    onQuit: chrome.onQuit,
    onHelp: chrome.onHelp,
    ...(chrome.onBack ? { onBack: chrome.onBack } : {}),
    onKey: (input, key) => {
      forgetExport();
      if (input === 'r' && source.rerunnable && !running && !standalone) {
        setChosen(undefined);
        setScroll(0);
        source.start();
      } else if (input === 'x' && running) void source.stop();
      else if (input === 'c' && onCost) onCost();
      else if (input === 'm' && onMulti && !running) onMulti();
      else if (input === 'h' && onHull && !running) onHull();
      else if (input === 'e' && exporter && snapshot.samples > 0)
        save(tracePlotInput(snapshot, durationMs, billing), traceStem(snapshot.rawCsv));
      else if (key.tab && ended && showReport) setChosen(view === 'report' ? 'billing' : 'report');
      else if (view === 'report') scrollBy(scrollStep(input, key, rows.lower - 1));
    },
  });

  // The standalone screen closes by itself when the run ends; its last frame offers no keys.
  // Most needed first: at 80 columns the status bar drops the hints at the end (help has them all).
  const hints: KeyHint[] =
    standalone && !running
      ? []
      : [
          ...(running ? [{ key: 'x', label: 'stop' }] : []),
          ...(source.rerunnable && !running && !standalone ? [{ key: 'r', label: 'rerun' }] : []),
          ...(chrome.onBack ? [{ key: 'Esc', label: running ? 'stop & back' : 'back' }] : []),
          ...(ended && showReport ? [{ key: 'Tab', label: view === 'report' ? 'billing' : 'report' }] : []),
          ...(onMulti && !running ? [{ key: 'm', label: 'multi' }] : []),
          ...(exporter && snapshot.samples > 0 ? [{ key: 'e', label: 'export' }] : []),
          ...(onHull && !running ? [{ key: 'h', label: 'hull' }] : []),
          ...(onCost ? [{ key: 'c', label: 'cost' }] : []),
          ...(view === 'report' && report.length > rows.lower - 1 ? [{ key: 'j/k', label: 'scroll' }] : []),
          ...(standalone ? [{ key: 'q', label: running ? 'stop' : 'close' }] : GLOBAL_HINTS),
        ];
  const saved = exportText(exported, exporter?.cwd ?? '');
  return (
    <Box flexDirection="column" width={chrome.width} height={chrome.height}>
      <Text wrap="truncate" bold {...(chrome.color && saved ? { color: exported.phase === 'failed' ? 'red' : 'green' } : {})}>
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
      />
      <TraceLower
        view={view}
        trace={snapshot.trace}
        billing={billing}
        report={report}
        scroll={scroll}
        {...(snapshot.error ? { error: snapshot.error } : {})}
        width={chrome.width}
        height={rows.lower}
        color={chrome.color}
      />
      <StatusBar hints={hints} width={chrome.width} color={chrome.color} />
    </Box>
  );
}

/** j/k and the arrows scroll a line, PgUp/PgDn and space a page. */
function scrollStep(input: string, key: Key, page: number): number {
  if (input === 'j' || key.downArrow) return 1;
  if (input === 'k' || key.upArrow) return -1;
  if (key.pageDown || input === ' ') return page;
  if (key.pageUp) return -page;
  return 0;
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
  const limit = s.allocatedBytes
    ? mb(s.allocatedBytes)
    : s.phase === 'recorded' && last >= 0
      ? limitText(s.trace.limitAt(last), s.hostMemoryBytes)
      : 'none';
  const rate = s.result?.samplesPerSecond ?? s.trace.samplesPerSecond;
  return `now ${now}  peak ${mb(snapshotPeakBytes(s))}  limit ${limit}  ·  ${seconds(snapshotDurationMs(s))}  ·  ${count(s.samples)} samples, ${count(rate)}/s`;
}
