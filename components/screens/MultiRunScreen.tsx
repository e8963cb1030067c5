import { Box, Text, type Key } from 'ink';
import { useMemo, useState } from 'react';
import { barHints, matchesKey, scrollBindings, type Binding, backBinding } from '../../src/app/key-bindings.js';
import { firstThatFits, fitStart, titleWithState } from '../../src/report/fit.js';
import { moveSelection } from '../../src/app/present/list-window.js';
import { multiPlotInput, multiStem } from '../../src/app/present/plot-inputs.js';
import type { MultiRunSession } from '../../src/app/multi-session.js';
import { screenError, type ScreenError } from '../../src/app/screen-error.js';
import { parseNumber, RANGES } from '../../src/core/number-input.js';
import { screenMultiTable } from '../../src/app/multi-table.js';
import { shortPath } from '../../src/app/run-form.js';
import type { Settings } from '../../src/app/settings.js';
import type { RunResult } from '../../src/app/trace-session.js';
import { exportText, useExport, type Exporter } from '../../src/app/use-export.js';
import { useScreenKeys } from '../../src/app/use-screen-keys.js';
import { useSyncedState } from '../../src/app/use-synced-state.js';
import { useThrottled } from '../../src/app/use-throttled.js';
import { MultiLive } from '../multi/MultiLive.js';
import { MultiTablePane } from '../multi/MultiTablePane.js';
import { MessageArea } from '../MessageArea.js';
import { messageRows } from '../../src/app/present/message-lines.js';
import { StatusBar } from '../StatusBar.js';
import type { ScreenChrome } from './screen-props.js';

export interface MultiRunScreenProps extends ScreenChrome {
  source: MultiRunSession;
  settings: Pick<Settings, 'provider' | 'requestsPerMonth' | 'freeTier' | 'outDir'>;
  /** Saves the picture; absent, e does nothing. */
  exporter?: Exporter;
  onOpenRun: (result: RunResult, index: number) => void;
}

/** `functracer multi -n` and the Tune screen's runs take no more either. */
const MAX_RUNS = RANGES.runs.max;

/** N runs of one function: choose N, watch them run one by one, then the table, its statistics and each run's trace. */
export function MultiRunScreen({ source, settings, exporter, onOpenRun, ...chrome }: MultiRunScreenProps) {
  const snapshot = useThrottled(source);
  const table = useMemo(
    () => screenMultiTable(snapshot.done, settings, snapshot.allocatedBytes),
    [snapshot.done, snapshot.allocatedBytes, settings],
  );
  // Read back at each key, so digits or arrows typed in a burst each see the one before.
  const [selected, getSelected, setSelected] = useSyncedState(0);
  const [, getTyped, setTyped] = useSyncedState<string | undefined>(undefined);
  const [exported, save, forgetExport] = useExport(exporter, settings.outDir);
  const [refused, setRefused] = useState<ScreenError | undefined>(undefined);
  const running = snapshot.phase === 'running';
  const shown = running ? Math.max(0, snapshot.done.length - 1) : Math.min(selected, Math.max(0, snapshot.done.length - 1));

  // The session's own snapshot, not the last drawn one: a burst of keys outruns the redraws.
  const now = () => source.getSnapshot();
  const at = () => Math.min(getSelected(), Math.max(0, now().done.length - 1));
  const notRunning = () => now().phase !== 'running';
  const chooseRuns = (input: string, key: Key) => {
    const runs = now().runs;
    if (key.leftArrow || input === '-') return source.setRuns(Math.max(1, runs - 1));
    if (key.rightArrow || input === '+') return source.setRuns(Math.min(MAX_RUNS, runs + 1));
    // Digits typed one after another make one number: 1 then 2 is 12; past the cap, the number typed so far stays.
    const text = `${getTyped() ?? ''}${input}`.replace(/^0+/, '');
    if (!text) return setTyped(text);
    try {
      source.setRuns(parseNumber(text, 'N', RANGES.runs));
      setTyped(text);
    } catch (error) {
      setRefused(screenError(error));
    }
  };
  const exportPicture = () => {
    const { title, done, files, allocatedBytes } = now();
    save(multiPlotInput(title, done, screenMultiTable(done, settings, allocatedBytes).costs, settings.provider), multiStem(files?.dat));
  };
  const idle = snapshot.phase === 'idle';
  // Most needed first: a bar too narrow even when tightened drops the hints at the end (help has them all).
  const bindings: Binding[] = [
    {
      keys: ['y', 'return'],
      show: 'y',
      label: 'go on',
      help: 'go on with a long series of runs, when asked',
      when: () => source.asking,
      run: () => source.answer(true),
    },
    // When a long series asks whether to go on, x is the no: it stops there, keeping the first run.
    {
      keys: ['x'],
      label: 'stop',
      help: 'stop (the finished runs and their files are kept)',
      when: () => !notRunning(),
      run: () => void source.stop(),
    },
    // N can change after the runs too, for r; the bar offers it before the first start only.
    {
      keys: ['left', 'right', '-', '+', 'digit'],
      show: '←→/0-9',
      label: idle ? 'N' : undefined,
      help: 'choose N before starting: one fewer, one more, or type it',
      when: notRunning,
      run: chooseRuns,
    },
    { keys: ['return'], label: 'start', help: 'start the N runs', when: () => now().phase === 'idle', run: () => source.start() },
    ...scrollBindings({
      of: 'the runs',
      page: Math.max(1, Math.floor(chrome.height / 2)),
      move: (delta) => setSelected(moveSelection(at(), delta, now().done.length)),
      toStart: () => setSelected(0),
      toEnd: () => setSelected(Math.max(0, now().done.length - 1)),
      label: idle || snapshot.done.length === 0 ? undefined : 'select',
      help: 'select a run',
      when: notRunning,
    }),
    {
      keys: ['return'],
      label: 'open run',
      help: 'open the selected run’s trace',
      when: () => notRunning() && now().done[at()] !== undefined,
      run: () => onOpenRun(now().done[at()]!, at()),
    },
    {
      keys: ['r'],
      label: `run ${snapshot.runs} again`,
      help: 'run N times again',
      when: () => notRunning() && now().phase !== 'idle',
      run: () => source.start(),
    },
    {
      keys: ['e'],
      label: 'export',
      help: 'export the picture: every run on the billing canvas',
      when: () => notRunning() && now().done.length > 0,
      run: exportPicture,
    },
    ...backBinding(chrome.onBack, running),
  ];
  const keys = useScreenKeys({
    active: chrome.active,
    bindings,
    // Any key but a digit ends a number being typed; any key at all clears "saved to …".
    beforeKey: (input, key) => {
      if (!matchesKey('digit', input, key)) setTyped(undefined);
      setRefused(undefined);
      forgetExport();
    },
    onQuit: chrome.onQuit,
    onHelp: chrome.onHelp,
    ...(chrome.onBack ? { onBack: chrome.onBack } : {}),
  });

  const exportLine = exported.phase === 'failed' ? undefined : exportText(exported, exporter?.cwd ?? '');
  // What the last key did comes first (a refused N, a failed export), else "saved …" over a problem of the runs.
  const error = refused ?? (exported.phase === 'failed' ? exported.error : exportLine ? undefined : (snapshot.error ?? table.error));
  const liveRows = running ? 7 : 0;
  const statsRows = !running && table.stats ? 8 : 0;
  // The title, the line under it, the table's header, the message rows and the status bar.
  const messages = messageRows(error, chrome.width, chrome.height - 5 - liveRows - statsRows);
  const tableRows = Math.max(1, chrome.height - 4 - messages - liveRows - statsRows);
  const requests = settings.requestsPerMonth.toLocaleString('en-US');
  const pricings = [
    `priced on ${settings.provider} for ${requests} requests`,
    `${settings.provider}, ${requests} requests`,
    settings.provider,
  ];
  const lead = idle ? `N = ‹ ${snapshot.runs} ›  ←/→ or a number, Enter starts` : `${snapshot.done.length} of ${snapshot.runs} runs done`;
  const info = firstThatFits([...pricings.map((p) => `${lead} · ${p}`), lead], chrome.width);
  const files = snapshot.files
    ? `Table ${exporter ? shortPath(snapshot.files.dat, exporter.cwd) : snapshot.files.dat} and .csv`
    : `Files go to ${settings.outDir}/ as functracer multi writes them`;
  return (
    <Box flexDirection="column" width={chrome.width} height={chrome.height} overflow="hidden">
      <Text bold wrap="truncate">
        {titleWithState(`${snapshot.runs} run${snapshot.runs === 1 ? '' : 's'} of ${snapshot.title}`, snapshot.status, chrome.width)}
      </Text>
      <Text wrap="truncate">{info}</Text>
      <MultiTablePane
        done={snapshot.done}
        table={table}
        selected={shown}
        height={running ? tableRows : Math.min(tableRows, Math.max(1, snapshot.done.length))}
        showStats={statsRows > 0}
        hostLoad={snapshot.hostLoad}
        width={chrome.width}
        focused={!running}
        color={chrome.color}
      />
      {running ? <MultiLive snapshot={snapshot} width={chrome.width} height={liveRows} color={chrome.color} /> : null}
      <Box flexGrow={1} />
      <MessageArea
        error={error}
        rows={messages}
        lines={[{ text: fitStart(files, chrome.width), tone: 'dim' }, exportLine ?? ' ']}
        width={chrome.width}
        color={chrome.color}
      />
      <StatusBar hints={barHints(keys)} width={chrome.width} color={chrome.color} />
    </Box>
  );
}
