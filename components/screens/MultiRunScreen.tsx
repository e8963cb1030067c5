import { Box, Text, type Key } from 'ink';
import { useMemo } from 'react';
import { fit, fitStart } from '../../src/app/present/format.js';
import { GLOBAL_HINTS, type KeyHint } from '../../src/app/present/key-bar.js';
import { moveSelection } from '../../src/app/present/list-window.js';
import { multiPlotInput, multiStem } from '../../src/app/present/plot-inputs.js';
import type { MultiRunSession } from '../../src/app/multi-session.js';
import { multiTable } from '../../src/app/multi-table.js';
import { shortPath } from '../../src/app/run-request.js';
import type { Settings } from '../../src/app/settings.js';
import type { RunResult } from '../../src/app/trace-session.js';
import { exportText, useExport, type Exporter } from '../../src/app/use-export.js';
import { useScreenKeys } from '../../src/app/use-screen-keys.js';
import { useSyncedState } from '../../src/app/use-synced-state.js';
import { useThrottled } from '../../src/app/use-throttled.js';
import { MultiLive } from '../multi/MultiLive.js';
import { MultiTable } from '../multi/MultiTable.js';
import { StatusBar } from '../StatusBar.js';
import type { ScreenChrome } from './screen-props.js';

export interface MultiRunScreenProps extends ScreenChrome {
  source: MultiRunSession;
  settings: Pick<Settings, 'provider' | 'requestsPerMonth' | 'freeTier' | 'outDir'>;
  /** Saves the picture; absent, e does nothing. */
  exporter?: Exporter;
  onOpenRun: (result: RunResult, index: number) => void;
}

const MAX_RUNS = 1000;

/** N runs of one function: choose N, watch them run one by one, then the table, its statistics and each run's trace. */
export function MultiRunScreen({ source, settings, exporter, onOpenRun, ...chrome }: MultiRunScreenProps) {
  const snapshot = useThrottled(source);
  const table = useMemo(
    () => multiTable(snapshot.done, settings, snapshot.allocatedBytes),
    [snapshot.done, snapshot.allocatedBytes, settings],
  );
  // Read back at each key, so digits or arrows typed in a burst each see the one before.
  const [selected, getSelected, setSelected] = useSyncedState(0);
  const [, getTyped, setTyped] = useSyncedState<string | undefined>(undefined);
  const [exported, save, forgetExport] = useExport(exporter, settings.outDir);
  const running = snapshot.phase === 'running';
  const shown = running ? Math.max(0, snapshot.done.length - 1) : Math.min(selected, Math.max(0, snapshot.done.length - 1));

  const onKey = (input: string, key: Key) => {
    const typed = getTyped();
    setTyped(undefined);
    forgetExport();
    // The session's own snapshot, not the last drawn one: a burst of keys outruns the redraws.
    const now = source.getSnapshot();
    const at = Math.min(getSelected(), Math.max(0, now.done.length - 1));
    if (now.phase === 'running') {
      if (input === 'x') void source.stop();
      return;
    }
    if (/^[0-9]$/.test(input)) {
      // Digits typed one after another make one number: 1 then 2 is 12.
      const text = `${typed ?? ''}${input}`.replace(/^0+/, '');
      setTyped(text);
      if (text) source.setRuns(Math.min(MAX_RUNS, Number(text)));
    } else if (key.leftArrow || input === '-') source.setRuns(Math.max(1, now.runs - 1));
    else if (key.rightArrow || input === '+') source.setRuns(Math.min(MAX_RUNS, now.runs + 1));
    else if (key.upArrow || input === 'k') setSelected(moveSelection(at, -1, now.done.length));
    else if (key.downArrow || input === 'j') setSelected(moveSelection(at, 1, now.done.length));
    else if (key.return && now.phase === 'idle') source.start();
    else if (key.return && now.done[at]) onOpenRun(now.done[at]!, at);
    else if (input === 'r' && now.phase !== 'idle') source.start();
    else if (input === 'e' && now.done.length > 0)
      save(
        multiPlotInput(now.title, now.done, multiTable(now.done, settings, now.allocatedBytes).costs, settings.provider),
        multiStem(now.files?.dat),
      );
  };
  useScreenKeys({
    active: chrome.active,
    editing: false,
    onKey,
    onQuit: chrome.onQuit,
    onHelp: chrome.onHelp,
    ...(chrome.onBack ? { onBack: chrome.onBack } : {}),
  });

  const idle = snapshot.phase === 'idle';
  const hasRows = snapshot.done.length > 0;
  const hints: KeyHint[] = [
    ...(running ? [{ key: 'x', label: 'stop' }] : []),
    ...(idle
      ? [
          { key: '←→/0-9', label: 'N' },
          { key: 'Enter', label: 'start' },
        ]
      : []),
    ...(!running && !idle && hasRows
      ? [
          { key: '↑↓/jk', label: 'select' },
          { key: 'Enter', label: 'open run' },
        ]
      : []),
    ...(!running && !idle ? [{ key: 'r', label: `run ${snapshot.runs} again` }] : []),
    ...(hasRows ? [{ key: 'e', label: 'export' }] : []),
    ...(chrome.onBack ? [{ key: 'Esc', label: running ? 'stop & back' : 'back' }] : []),
    ...GLOBAL_HINTS,
  ];
  const liveRows = running ? 7 : 0;
  const statsRows = !running && table.stats ? 7 : 0;
  const tableRows = Math.max(1, chrome.height - 7 - liveRows - statsRows);
  const pricing = `priced on ${settings.provider} for ${settings.requestsPerMonth.toLocaleString('en-US')} requests`;
  const info = idle
    ? `N = ‹ ${snapshot.runs} ›   ←/→ or type a number, Enter starts · ${pricing}`
    : `${snapshot.done.length} of ${snapshot.runs} runs done · ${pricing}`;
  const files = snapshot.files
    ? `Table ${exporter ? shortPath(snapshot.files.dat, exporter.cwd) : snapshot.files.dat} and .csv`
    : `Files go to ${settings.outDir}/ as functracer multi writes them`;
  const notice = snapshot.error ?? table.error;
  const noticeText =
    exportText(exported, exporter?.cwd ?? '') ?? (notice ? `✘ ${notice.message}${notice.hint ? `. Try: ${notice.hint}` : ''}` : ' ');
  const red = chrome.color && (exported.phase === 'failed' || (exported.phase === 'idle' && Boolean(notice)));
  return (
    <Box flexDirection="column" width={chrome.width} height={chrome.height}>
      <Text bold wrap="truncate">
        {fit(`${snapshot.runs} runs of ${snapshot.title}  ·  ${snapshot.status}`, chrome.width)}
      </Text>
      <Text wrap="truncate">{fit(info, chrome.width)}</Text>
      <MultiTable
        done={snapshot.done}
        table={table}
        selected={shown}
        height={running ? tableRows : Math.min(tableRows, Math.max(1, snapshot.done.length))}
        showStats={statsRows > 0}
        focused={!running}
        color={chrome.color}
      />
      {running ? <MultiLive snapshot={snapshot} width={chrome.width} height={liveRows} color={chrome.color} /> : null}
      <Box flexGrow={1} />
      <Text wrap="truncate" dimColor={chrome.color}>
        {fitStart(files, chrome.width)}
      </Text>
      <Text wrap="truncate" {...(red ? { color: 'red' } : {})}>
        {fit(noticeText, chrome.width)}
      </Text>
      <StatusBar hints={hints} width={chrome.width} color={chrome.color} />
    </Box>
  );
}
