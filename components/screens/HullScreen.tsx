import { Box, Text, type Key } from 'ink';
import { useMemo, useState } from 'react';
import {
  defaultHullForm,
  hullFieldRule,
  hullItems,
  hullRequest,
  planHullRequest,
  nextTest,
  toggleInput,
  type HullField,
  type HullForm,
} from '../../src/app/screens/hull/form.js';
import { barHints, type Binding, backBinding } from '../../src/app/key-bindings.js';
import type { HullSession } from '../../src/app/hull-session.js';
import { hullError, hullLines, hullTitle, testPlotInput, testStem, trainingTraces } from '../../src/app/present/hull-screen.js';
import { trainedHullPlotInput } from '../../src/app/present/plot-inputs.js';
import { shortPath } from '../../src/app/run-form.js';
import type { AppServices } from '../../src/app/services.js';
import type { Settings } from '../../src/app/settings.js';
import { snapshotDurationMs } from '../../src/app/screen-pricing.js';
import type { SessionSnapshot } from '../../src/app/trace-session.js';
import { editField } from '../../src/app/text-edit.js';
import { screenError, type ScreenError } from '../../src/app/screen-error.js';
import { MessageArea } from '../MessageArea.js';
import { messageRows } from '../../src/app/present/message-lines.js';
import { exportText, useExport } from '../../src/app/use-export.js';
import { useSampleInputs } from '../../src/app/use-sample-inputs.js';
import { useScreenKeys } from '../../src/app/use-screen-keys.js';
import { useTask } from '../../src/app/use-task.js';
import { useSyncedState } from '../../src/app/use-synced-state.js';
import { useThrottled } from '../../src/app/use-throttled.js';
import { HullChart } from '../hull/HullChart.js';
import { HullFormLines } from '../hull/HullFormLines.js';
import { StatusBar } from '../StatusBar.js';
import type { ScreenChrome } from './screen-props.js';

export interface HullScreenProps extends ScreenChrome {
  source: HullSession;
  services: Pick<AppServices, 'listSampleInputs' | 'writeSampleInputs' | 'saveHull' | 'exportPlot' | 'cwd'>;
  settings: Pick<Settings, 'provider' | 'requestsPerMonth' | 'freeTier' | 'outDir'>;
}

/** Train a hull over sample images, watch it form over the traces, save it, and test it with an autotuned run. */
export function HullScreen({ source, services, settings, ...chrome }: HullScreenProps) {
  const snapshot = useThrottled(source);
  const inputs = useSampleInputs(services);
  const files = inputs.files;
  const plan = source.plan;
  const items = useMemo(() => hullItems(files, plan), [files, plan]);
  // One state read back at each key, so keys typed in a burst each see what the last one did.
  const [ui, getUi, setUi] = useSyncedState<{ form?: HullForm; cursor: number; editing?: { field: HullField; value: string } }>({
    cursor: 0,
  });
  const form = ui.form ?? defaultHullForm(files);
  const [chosenView, setView] = useState<'training' | 'test' | undefined>(undefined);
  const [notice, setNotice] = useState<ScreenError | undefined>(undefined);
  const [saved, save, forgetSaved] = useTask<{ hull: string; uhull: string }>();
  const [exported, exportPicture, forgetExport] = useExport(services, settings.outDir);
  const training = snapshot.phase === 'training';
  const view = snapshot.test ? (chosenView ?? 'test') : 'training';
  const test = snapshot.test;

  const formNow = () => getUi().form ?? defaultHullForm(files);
  const activate = () => {
    const { cursor } = getUi();
    const item = items[cursor];
    const now = formNow();
    if (item?.kind === 'input') setUi({ cursor, form: toggleInput(now, item.name) });
    else if (item?.kind === 'test') setUi({ cursor, form: nextTest(now, files) });
    else if (item) setUi({ cursor, form: now, editing: { field: item.field, value: now[item.field] } });
  };
  const startTraining = () => {
    if (plan) {
      try {
        source.train(planHullRequest(formNow(), plan));
        setView('training');
      } catch (error) {
        setNotice(screenError(error));
      }
      return;
    }
    if (files.length === 0)
      return setNotice({
        message: 'the sample images are not listed yet',
        hint: 'wait a moment; they are written into ref-data on first use',
        bug: false,
      });
    try {
      source.train(hullRequest(formNow(), files));
      setView('training');
    } catch (error) {
      setNotice(screenError(error));
    }
  };
  const startTest = () => {
    const file = files.find((f) => f.name === formNow().test);
    if (!snapshot.uhull)
      return setNotice({ message: 'there is no upscaling hull to test yet', hint: 'train one first with t', bug: false });
    if (plan) {
      source.test(plan.title);
      return setView('test');
    }
    if (!file) return setNotice({ message: 'no test image is chosen', hint: 'move to "Test on" and press Enter', bug: false });
    source.test(file.path);
    setView('test');
  };
  const onEdit = (input: string, key: Key) => {
    const { editing, cursor } = getUi();
    if (!editing) return;
    const edit = editField(editing.value, input, key, hullFieldRule(editing.field));
    if (edit.refused) setNotice(edit.refused);
    const now = formNow();
    setUi({
      cursor,
      form: edit.done === 'commit' ? { ...now, [editing.field]: edit.value.trim() } : now,
      ...(edit.done ? {} : { editing: { ...editing, value: edit.value } }),
    });
  };
  const testing = snapshot.test?.snapshot.phase === 'running';
  const busy = training || testing;
  const hasHull = Boolean(snapshot.hull && snapshot.uhull);
  // The form is still while a run goes: the session reads busy at once, before the redraw that would say so.
  const idle = () => !source.busy;
  // Most needed first: a bar too narrow even when tightened drops the hints at the end (help has them all).
  const bindings: Binding[] = [
    {
      keys: ['x'],
      label: 'stop',
      help: 'stop training or the test run (traces are kept)',
      when: () => source.busy,
      run: () => void source.stop(),
    },
    {
      keys: ['return', 'space'],
      show: 'Enter',
      label: 'change',
      help: plan ? 'edit a number' : 'tick an input, edit a number, or pick the test image',
      when: idle,
      run: activate,
    },
    {
      keys: ['t'],
      label: 'train',
      help: plan ? 'train: run the traced image with its options, Runs times' : 'train: resize the ticked images at random, Runs times',
      when: idle,
      run: startTraining,
    },
    {
      keys: ['tab', 'shift-tab'],
      show: 'Tab',
      label: view === 'test' ? 'training' : 'test run',
      help: 'training overlay ↔ test run',
      when: () => test !== undefined,
      run: () => setView(view === 'test' ? 'training' : 'test'),
    },
    {
      keys: ['s'],
      label: 'save',
      help: 'save uhull.json and hull.json into the output folder',
      when: () => hasHull,
      run: () => save(() => services.saveHull(settings.outDir, snapshot.hull!, snapshot.uhull!)),
    },
    // Without a hull, a says to train one first; the bar offers it once there is one.
    {
      keys: ['a'],
      label: snapshot.hull ? 'autotune' : undefined,
      help: plan ? 'autotuned test run of the traced image, with the saving' : 'autotuned test run on the test image, with the saving',
      when: idle,
      run: startTest,
    },
    {
      keys: ['e'],
      label: 'export',
      help: 'export the picture (SVG and PNG)',
      when: () => view === 'test' && test !== undefined && test.snapshot.samples > 0,
      run: () => exportPicture(testPlotInput(test!, snapshot.uhull), testStem(test!)),
    },
    {
      keys: ['e'],
      label: 'export',
      help: 'export the picture (SVG and PNG)',
      when: () => hasHull,
      run: () => exportPicture(trainedHullPlotInput(snapshot.done, snapshot.hull!, snapshot.uhull!), 'hull'),
    },
    ...backBinding(chrome.onBack, busy),
    {
      keys: ['left', 'right', 'up', 'down', 'j', 'k'],
      show: '←→',
      label: 'move',
      help: plan ? 'move between the numbers' : 'move between the inputs, the numbers and the test image',
      when: idle,
      run: (input, key) =>
        setUi((u) => ({
          ...u,
          cursor: key.leftArrow || key.upArrow || input === 'k' ? Math.max(0, u.cursor - 1) : Math.min(items.length - 1, u.cursor + 1),
        })),
    },
  ];
  const field = { focused: () => Boolean(getUi().editing), onKey: onEdit, commit: 'keep' };
  const beforeKey = () => {
    setNotice(undefined);
    forgetSaved();
    forgetExport();
  };
  const keys = useScreenKeys({
    active: chrome.active,
    bindings,
    field,
    beforeKey,
    onQuit: chrome.onQuit,
    onHelp: chrome.onHelp,
    ...(chrome.onBack ? { onBack: chrome.onBack } : {}),
  });

  const info = hullLines(snapshot, view, settings, plan !== undefined, chrome.width);
  const savedText = saved.phase === 'done' ? `Saved ${shortPath(saved.value.uhull, services.cwd)} and hull.json` : undefined;
  const exportLine = exported.phase === 'failed' ? undefined : exportText(exported, services.cwd);
  // What the last key met comes first; a failed run's error stays until the next run.
  const error =
    notice ??
    (exported.phase === 'failed' ? exported.error : undefined) ??
    (saved.phase === 'failed' ? saved.error : undefined) ??
    hullError(snapshot, view);
  const messages = messageRows(error, chrome.width, chrome.height - 5 - 4);
  // The title, the form's two lines, the chart's legend, the message rows and the status bar.
  const chartRows = Math.max(4, chrome.height - 5 - messages);
  return (
    <Box flexDirection="column" width={chrome.width} height={chrome.height} overflow="hidden">
      <Text bold wrap="truncate">
        {hullTitle(snapshot, view, chrome.width, plan?.title)}
      </Text>
      <HullFormLines
        form={form}
        items={items}
        cursor={ui.cursor}
        {...(ui.editing ? { editing: ui.editing } : {})}
        focused={!source.busy}
        {...(plan ? { trainOn: plan.title } : {})}
        color={chrome.color}
        width={chrome.width}
      />
      {view === 'test' && test ? (
        <HullChart
          view="test"
          trace={test.snapshot.trace}
          samples={test.snapshot.samples}
          toMs={testChartEnd(test.snapshot)}
          width={chrome.width}
          height={chartRows}
          color={chrome.color}
        />
      ) : (
        <HullChart
          view="training"
          traces={trainingTraces(snapshot)}
          {...(snapshot.hull ? { hull: snapshot.hull } : {})}
          {...(snapshot.uhull ? { uhull: snapshot.uhull } : {})}
          width={chrome.width}
          height={chartRows}
          color={chrome.color}
        />
      )}
      <MessageArea
        error={error}
        rows={messages}
        lines={[info[0] ?? ' ', exportLine ?? savedText ?? info[1] ?? ' ']}
        width={chrome.width}
        color={chrome.color}
      />
      <StatusBar hints={barHints(keys)} width={chrome.width} color={chrome.color} />
    </Box>
  );
}

/** The test chart's time axis: at least a second while the run goes, so it does not rescale at every sample; the run's own length once it ended. */
function testChartEnd(run: SessionSnapshot): number {
  const last = run.trace.lastTime ?? 0;
  return run.phase === 'running' ? Math.max(last, 1000) : Math.max(snapshotDurationMs(run), last, 1);
}
