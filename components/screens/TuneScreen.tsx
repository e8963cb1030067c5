import { Box, Text, type Key } from 'ink';
import { useMemo, useState } from 'react';
import type { ProviderModel } from '../../src/core/cost/schema.js';
import type { SizeOutcome } from '../../src/ops/tune.js';
import type { AppServices, PlotFiles } from '../../src/app/services.js';
import { barHints, backBinding, scrollBindings, type Binding } from '../../src/app/key-bindings.js';
import { titleWithState } from '../../src/report/fit.js';
import { tuneProgressLines, tuneReportLines } from '../../src/app/present/tune-screen.js';
import { screenError, type ScreenError } from '../../src/app/screen-error.js';
import { editField } from '../../src/app/text-edit.js';
import {
  defaultTuneForm,
  nextProvider,
  TUNE_FIELDS,
  tuneFieldRule,
  tuneRequest,
  type TuneField,
  type TuneForm,
} from '../../src/app/tune-form.js';
import type { TuneSession } from '../../src/app/tune-session.js';
import { useScreenKeys } from '../../src/app/use-screen-keys.js';
import { useSyncedState } from '../../src/app/use-synced-state.js';
import { useThrottled } from '../../src/app/use-throttled.js';
import { exportText, type ExportState } from '../../src/app/use-export.js';
import { useTask } from '../../src/app/use-task.js';
import { MessageArea } from '../MessageArea.js';
import { messageRows } from '../../src/app/present/message-lines.js';
import { StatusBar } from '../StatusBar.js';
import type { ScreenChrome } from './screen-props.js';

export interface TuneScreenProps extends ScreenChrome {
  source: TuneSession;
  /** The providers to choose from, the settings' provider first. */
  providers: readonly ProviderModel[];
  /** A size's runs, on the multi-run screen. */
  onOpenSize: (size: SizeOutcome) => void;
  /** The export key writes the chart here (the settings' output folder). */
  outDir: string;
  services: Pick<AppServices, 'exportTunePlot' | 'cwd'>;
}

interface TuneUi {
  form?: TuneForm;
  cursor: number;
  editing?: { field: Exclude<TuneField, 'provider'>; value: string };
  /** Where the keys go once there is a report: the form, or the report and its sizes. */
  focus: 'form' | 'report';
  scroll: number;
  size: number;
}

const LABELS: Record<TuneField, string> = { provider: 'Provider', sizes: 'Sizes', runs: 'Runs' };

/** Power tuning from the TUI: the provider, sizes and runs; each size's runs as they arrive; then the report, its charts and each size's traces. */
export function TuneScreen({ source, providers, onOpenSize, outDir, services, ...chrome }: TuneScreenProps) {
  const snapshot = useThrottled(source);
  const [ui, getUi, setUi] = useSyncedState<TuneUi>({ cursor: 0, focus: 'form', scroll: 0, size: 0 });
  const [notice, setNotice] = useState<ScreenError | undefined>(undefined);
  const [exported, exportChart, forgetExport] = useTask<PlotFiles>();
  const form = ui.form ?? defaultTuneForm(providers[0]!);
  const formNow = () => getUi().form ?? defaultTuneForm(providers[0]!);
  const running = snapshot.phase === 'running';
  const outcome = snapshot.outcome;
  const error = notice ?? snapshot.error ?? (exported.phase === 'failed' ? exported.error : undefined);
  // Title, the form's two lines, the message rows (the size line, or an error), the status bar.
  const messages = messageRows(error, chrome.width, chrome.height - 4 - 3);
  const bodyRows = Math.max(3, chrome.height - 4 - messages);
  const report = useMemo(
    () => (outcome ? tuneReportLines(outcome, chrome.width, chrome.color) : []),
    [outcome, chrome.width, chrome.color],
  );
  const maxScroll = Math.max(0, report.length - bodyRows);
  const sizes = outcome?.sizes ?? [];
  const onReport = () => getUi().focus === 'report' && source.getSnapshot().outcome !== undefined;
  const idle = () => !source.getSnapshot().outcome || getUi().focus === 'form';

  const start = () => {
    try {
      source.start(tuneRequest(formNow(), providers));
      // The report replaces the form's hints once it comes; it opens at its end, where the answer is.
      setUi((u) => ({ ...u, focus: 'report', scroll: Number.MAX_SAFE_INTEGER, size: 0 }));
    } catch (error) {
      setNotice(screenError(error));
    }
  };
  const activate = () => {
    const { cursor } = getUi();
    const field = TUNE_FIELDS[cursor]!;
    const now = formNow();
    if (field === 'provider') setUi((u) => ({ ...u, form: nextProvider(now, providers, 1) }));
    else setUi((u) => ({ ...u, form: now, editing: { field, value: now[field] } }));
  };
  const onEdit = (input: string, key: Key) => {
    const { editing } = getUi();
    if (!editing) return;
    const now = formNow();
    const edit = editField(editing.value, input, key, tuneFieldRule(editing.field, now, providers));
    if (edit.refused) setNotice(edit.refused);
    setUi((u) => {
      const { editing: _editing, ...rest } = u;
      return {
        ...rest,
        form: edit.done === 'commit' ? { ...now, [editing.field]: edit.value.trim() } : now,
        ...(edit.done ? {} : { editing: { ...editing, value: edit.value } }),
      };
    });
  };
  const moveCursor = (input: string, key: Key) =>
    setUi((u) => ({
      ...u,
      cursor: key.leftArrow || input === 'h' ? Math.max(0, u.cursor - 1) : Math.min(TUNE_FIELDS.length - 1, u.cursor + 1),
    }));
  const scrollTo = (to: number) => setUi((u) => ({ ...u, scroll: Math.max(0, Math.min(maxScroll, to)) }));
  const shownScroll = Math.min(ui.scroll, maxScroll);
  const chooseSize = (_input: string, key: Key) =>
    setUi((u) => ({ ...u, size: Math.max(0, Math.min(sizes.length - 1, u.size + (key.leftArrow ? -1 : 1))) }));
  const chosen = sizes[Math.min(ui.size, Math.max(0, sizes.length - 1))];

  // Most needed first: a bar too narrow even when tightened drops the hints at the end (help has them all).
  const bindings: Binding[] = [
    {
      keys: ['y', 'return'],
      show: 'y',
      label: 'go on',
      help: 'go on with a long tuning, when asked',
      when: () => source.asking,
      run: () => source.answer(true),
    },
    // When a long series asks whether to go on, x is the no: it stops there, keeping the first run.
    {
      keys: ['x'],
      label: 'stop',
      help: 'stop tuning (the finished sizes are kept)',
      when: () => source.busy,
      run: () => void source.stop(),
    },
    {
      keys: ['t'],
      label: outcome ? 'tune again' : 'tune',
      help: 'run every size Runs times, CPU as the provider gives it',
      when: () => !source.busy,
      run: start,
    },
    {
      keys: ['return', 'space'],
      show: 'Enter',
      label: 'change',
      help: 'change the provider, or edit the sizes or the runs',
      when: () => !source.busy && idle(),
      run: activate,
    },
    {
      keys: ['left', 'right'],
      show: '←→',
      label: 'move',
      help: 'move between the provider, the sizes and the runs',
      when: () => !source.busy && idle(),
      run: moveCursor,
    },
    {
      keys: ['return'],
      label: 'open size',
      help: "open the chosen size's runs and their traces",
      when: () => !source.busy && onReport() && chosen !== undefined,
      run: () => chosen && onOpenSize(chosen),
    },
    {
      keys: ['left', 'right'],
      show: '←→',
      label: 'size',
      help: 'choose a size to open',
      when: () => !source.busy && onReport(),
      run: chooseSize,
    },
    {
      keys: ['e'],
      label: 'export',
      help: 'export the chart of duration and cost (SVG and PNG)',
      when: () => !source.busy && Boolean(source.getSnapshot().outcome?.sizes.some((s) => s.fits)),
      run: () => {
        const done = source.getSnapshot().outcome;
        if (done) exportChart(() => services.exportTunePlot(done, outDir));
      },
    },
    {
      keys: ['tab', 'shift-tab'],
      show: 'Tab',
      label: ui.focus === 'form' ? 'report' : 'form',
      help: 'the form ↔ the report',
      when: () => !source.busy && source.getSnapshot().outcome !== undefined,
      run: () => setUi((u) => ({ ...u, focus: u.focus === 'form' ? 'report' : 'form' })),
    },
    ...scrollBindings({
      of: 'the report',
      page: Math.max(1, bodyRows - 1),
      move: (delta) => scrollTo(Math.min(getUi().scroll, maxScroll) + delta),
      toStart: () => scrollTo(0),
      toEnd: () => scrollTo(maxScroll),
      label: outcome ? 'scroll' : undefined,
      help: 'scroll the report',
      when: () => source.getSnapshot().outcome !== undefined,
    }),
    ...backBinding(chrome.onBack, running),
  ];
  const keys = useScreenKeys({
    active: chrome.active,
    bindings,
    field: { focused: () => Boolean(getUi().editing), onKey: onEdit, commit: 'keep' },
    beforeKey: () => {
      setNotice(undefined);
      forgetExport();
    },
    onQuit: chrome.onQuit,
    onHelp: chrome.onHelp,
    ...(chrome.onBack ? { onBack: chrome.onBack } : {}),
  });

  const formFocused = !running && (ui.focus === 'form' || !outcome);
  const cell = (field: TuneField, i: number) => {
    const here = formFocused && i === ui.cursor;
    const value = ui.editing?.field === field ? `${ui.editing.value}▏` : field === 'provider' ? `‹ ${form.provider} ›` : form[field];
    return (
      <Text key={field} bold={here} underline={here} {...(chrome.color && here ? { color: 'cyan' } : {})}>
        {`${here ? '›' : ' '}${LABELS[field]} ${value} `}
      </Text>
    );
  };
  const body = outcome
    ? report.slice(shownScroll, shownScroll + bodyRows)
    : tuneProgressLines(
        snapshot,
        chrome.width,
        bodyRows,
        providers.find((p) => p.id === form.provider),
      );
  const sizeLine =
    exportLine(exported, services.cwd) ??
    (outcome
      ? chosen
        ? `${ui.focus === 'report' ? '›' : ' '}Size ‹ ${chosen.mb} MB › ${chosen.results.length} run${chosen.results.length === 1 ? '' : 's'}: Enter opens them · ${shownScroll + 1}–${Math.min(report.length, shownScroll + bodyRows)} of ${report.length} lines`
        : 'No size finished a run.'
      : ' ');
  return (
    <Box flexDirection="column" width={chrome.width} height={chrome.height} overflow="hidden">
      <Text bold wrap="truncate">
        {titleWithState(`Tune ${snapshot.title}`, snapshot.status, chrome.width)}
      </Text>
      <Box height={1} overflow="hidden">
        {TUNE_FIELDS.map((field, i) => (field === 'sizes' ? null : cell(field, i)))}
      </Box>
      <Box height={1} overflow="hidden">
        {cell('sizes', TUNE_FIELDS.indexOf('sizes'))}
      </Box>
      <Box flexDirection="column" height={bodyRows} flexShrink={0} overflow="hidden">
        {body.map((line, i) => (
          <Text key={i} wrap="truncate">
            {line || ' '}
          </Text>
        ))}
      </Box>
      <Box flexGrow={1} />
      <MessageArea error={error} rows={messages} lines={[sizeLine]} width={chrome.width} color={chrome.color} />
      <StatusBar hints={barHints(keys)} width={chrome.width} color={chrome.color} />
    </Box>
  );
}

/** Failures show as the error line; the rest take the size line's place until the next key. */
function exportLine(state: ExportState, cwd: string): string | undefined {
  return state.phase === 'failed' ? undefined : exportText(state, cwd);
}
