import { Box, type Key } from 'ink';
import { useState } from 'react';
import { barHints, scrollBindings, type Binding } from '../../src/app/key-bindings.js';
import { imageRows, SORT_KEYS } from '../../src/app/present/image-rows.js';
import type { RunPlan } from '../../src/core/run-plan.js';
import { defaultForm, runFieldRule, shortPath, withInput, type RunForm } from '../../src/app/run-form.js';
import type { AppServices, TraceFile } from '../../src/app/services.js';
import { editField } from '../../src/app/text-edit.js';
import { screenError, type ScreenError } from '../../src/app/screen-error.js';
import { MessageArea } from '../MessageArea.js';
import { messageRows } from '../../src/app/present/message-lines.js';
import { listsLayout } from '../../src/app/present/home-layout.js';
import { wrapWords } from '../../src/core/text-width.js';
import type { EngineState } from '../../src/app/use-engine.js';
import { useHomeState, type HomePane } from '../../src/app/use-home-state.js';
import type { ImageProtocol } from '../../src/core/inline-image.js';
import { useImages } from '../../src/app/use-images.js';
import { useSampleInputs } from '../../src/app/use-sample-inputs.js';
import type { SamplesState } from '../../src/app/use-samples.js';
import { useScreenKeys } from '../../src/app/use-screen-keys.js';
import { useTraceFiles } from '../../src/app/use-trace-files.js';
import { ImageListPane } from '../home/ImageListPane.js';
import { InputsColumn } from '../home/InputsColumn.js';
import type { FormField } from '../home/OptionsPane.js';
import { TracesPane } from '../home/TracesPane.js';
import { ConfirmDelete } from '../home/ConfirmDelete.js';
import { useTraceDeletion } from '../../src/app/use-trace-deletion.js';
import { StatusBar } from '../StatusBar.js';
import type { ScreenChrome } from './screen-props.js';

export interface ImageSelectScreenProps extends ScreenChrome {
  services: Pick<
    AppServices,
    | 'listSampleInputs'
    | 'writeSampleInputs'
    | 'listTraceFiles'
    | 'refDataDir'
    | 'cwd'
    | 'planRun'
    | 'loadPreview'
    | 'previewPng'
    | 'planTraceDeletion'
    | 'deleteTraceFiles'
  >;
  engine: EngineState;
  samples: SamplesState;
  outDir: string;
  /** Bumped after each run, so the recorded traces are listed again. */
  tracesVersion: number;
  onTrace: (plan: RunPlan) => void;
  /** The selected image and options, N times. */
  onMulti: (plan: RunPlan) => void;
  /** Power tuning of the selected image with its options. */
  onTune: (plan: RunPlan) => void;
  onHull: () => void;
  /** How the input image is previewed: half blocks, the terminal's own protocol, or text. */
  imageProtocol: ImageProtocol;
  onOpenTrace: (file: TraceFile) => void;
  onCost: () => void;
  onRetryEngine: () => void;
  /** A problem the App met on this screen's behalf, such as an unreadable trace file. */
  notice?: ScreenError;
}

/** What Enter does in each pane, for the status bar. */
const ENTER: Record<HomePane, string> = { images: 'trace', inputs: 'use input', options: 'edit', traces: 'open' };

/**
 * Home: pick an image, its input and its options, and trace it; or open a recorded trace.
 * Longer than most: it wires four panes, their keys and what Enter does in each while the lists are read;
 * its state and moves live in use-home-state, the deletion of a trace in use-trace-deletion.
 */
export function ImageSelectScreen(props: ImageSelectScreenProps) {
  const { services, engine, samples, width, height, color } = props;
  const { state, patch, nextPane, move, select, nextSort, setForm, editFilter, clearFilter } = useHomeState();
  const [notice, setNotice] = useState<ScreenError | undefined>(undefined);
  const deletion = useTraceDeletion(services, props.outDir, setNotice);
  const images = useImages(engine.status === 'ready' ? engine.engine : undefined);
  const inputs = useSampleInputs(services);
  const { files: traces, loading: readingTraces } = useTraceFiles(services, props.outDir, `${props.tracesVersion}:${deletion.version}`);
  // The list can shrink under the cursor (a trace deleted): it is drawn and read clamped.
  const traceAt = () => traces[Math.min(state.selected.traces, traces.length - 1)];
  const checkingSamples =
    engine.status === 'connecting' || (engine.status === 'ready' && samples.statuses.length === 0 && samples.phase !== 'failed');

  const statuses = engine.status === 'ready' && samples.statuses.length > 0 ? samples.statuses : undefined;
  const rows = imageRows(statuses, images, state.filter, state.sort);
  const row = rows[Math.min(state.selected.images, rows.length - 1)];
  const sample = row?.sample;
  const form = (row && state.forms[row.ref]) ?? defaultForm(sample, services.refDataDir, sample?.defaultArgs[0]);
  const fields: FormField[] = ['volumes', ...(sample?.input === 'scratch-dir' ? (['scratchFrom'] as const) : []), 'memory', 'args'];
  // The first argument is the input as the container sees it (/in/<file>); the list names files.
  const inUse = sample?.input === 'image' ? (form.args.split(/\s+/)[0] ?? '').split('/').at(-1) : undefined;
  // A new order must not change which image is selected under the cursor.
  const sortKeepingSelection = () => {
    const next = SORT_KEYS[(SORT_KEYS.indexOf(state.sort) + 1) % SORT_KEYS.length]!;
    nextSort();
    const index = row ? imageRows(statuses, images, state.filter, next).findIndex((r) => r.ref === row.ref) : -1;
    if (index >= 0) select('images', index);
  };
  const counts: Record<HomePane, number> = {
    images: rows.length,
    inputs: inputs.files.length,
    options: fields.length,
    traces: traces.length,
  };

  const engineReady = () => {
    if (engine.status === 'ready') return true;
    // The engine's own error is already in the message rows: say what the key could not do, and why.
    setNotice(
      engine.status === 'unreachable'
        ? { ...engine.error, message: `nothing can run without the engine: ${engine.error.message}` }
        : { message: 'still connecting to the engine', hint: 'wait a moment; the header says when it is ready', bug: false },
    );
    return false;
  };
  const trace = (then: (plan: RunPlan) => void) => {
    if (!row || !engineReady()) return;
    // Samples are known once the engine said which are built; the engine's own images can run meanwhile.
    if (row.state === 'unknown')
      return setNotice({
        message: 'still checking the sample images on the engine',
        hint: 'wait a moment; the list says when they are ready',
        bug: false,
      });
    if (row.state !== 'ready')
      return setNotice({ message: `${row.ref} is not built yet`, hint: 'wait for the sample build to finish', bug: false });
    try {
      then(services.planRun(row.ref, form, sample));
    } catch (error) {
      setNotice(screenError(error));
    }
  };
  const onEnter = () => {
    if (state.pane === 'images') return trace(props.onTrace);
    if (state.pane === 'traces') {
      if (readingTraces)
        return setNotice({ message: `still reading the recorded traces in ${props.outDir}`, hint: 'wait a moment', bug: false });
      const file = traceAt();
      return file && props.onOpenTrace(file);
    }
    if (state.pane === 'options' && row) {
      // Images differ in how many options they have: the cursor is drawn clamped, so it is read clamped too.
      const field = fields[Math.min(state.selected.options, fields.length - 1)];
      return field && patch({ editing: { field, value: form[field] } });
    }
    const file = inputs.files[state.selected.inputs];
    if (state.pane === 'inputs' && inputs.phase === 'listing')
      return setNotice({ message: 'still reading the input images in ref-data', hint: 'wait a moment', bug: false });
    if (state.pane === 'inputs' && file && row) {
      if (sample?.input !== 'image')
        return setNotice({
          message: `${row.ref} reads no input image`,
          hint: 'pick functracer/resize or functracer/monochrome',
          bug: false,
        });
      setForm(row.ref, withInput(form, sample, file.name));
    }
  };
  const onEdit = (input: string, key: Key) => {
    if (state.editing) {
      // The image being edited is gone (the list changed under the field): nothing to keep the value for.
      if (!row) return patch({ editing: undefined });
      const edit = editField(state.editing.value, input, key, runFieldRule(state.editing.field));
      if (edit.refused) setNotice(edit.refused);
      if (edit.done === 'commit') setForm(row.ref, { ...form, [state.editing.field]: edit.value } satisfies RunForm);
      return patch({ editing: edit.done ? undefined : { ...state.editing, value: edit.value } });
    }
    editFilter(input, key);
  };
  // Most needed first: a bar too narrow even when tightened drops the hints at the end. Arrows go without saying (help lists them).
  const bindings: Binding[] = [
    {
      keys: ['r'],
      label: 'retry engine',
      help: 'retry the engine connection',
      when: () => engine.status === 'unreachable',
      run: props.onRetryEngine,
    },
    { keys: ['return'], label: ENTER[state.pane], help: 'in each pane: trace, use the input, edit, open the trace', run: onEnter },
    {
      keys: ['d'],
      label: 'delete',
      help: 'delete the selected trace and its files, asking first',
      when: () => state.pane === 'traces' && !readingTraces && traceAt() !== undefined,
      run: () => {
        const file = traceAt();
        if (file) deletion.ask(file);
      },
    },
    {
      keys: ['tab', 'shift-tab'],
      show: 'Tab',
      label: 'pane',
      help: 'images → input images → options → recorded traces',
      run: (_input, key) => nextPane(key.shift ? -1 : 1),
    },
    { keys: ['m'], label: 'multi', help: 'run the selected image N times (multi-run)', run: () => trace(props.onMulti) },
    { keys: ['p'], label: 'tune', help: 'power tuning: the selected image at several sizes', run: () => trace(props.onTune) },
    { keys: ['h'], label: 'hull', help: 'train a memory hull over the sample images', run: () => engineReady() && props.onHull() },
    { keys: ['c'], label: 'cost', help: 'cost settings', run: props.onCost },
    {
      keys: ['/'],
      label: 'filter',
      help: 'filter the images (Enter keeps it, Esc clears it)',
      run: () => patch({ pane: 'images', filtering: true }),
    },
    {
      keys: ['escape'],
      label: 'clear',
      help: 'clear the filter',
      when: () => state.filter !== '',
      run: clearFilter,
    },
    { keys: ['s'], label: 'sort', help: 'sort images: name, size, newest', run: sortKeepingSelection },
    ...scrollBindings({
      of: 'the pane',
      page: Math.max(1, Math.floor(height / 2)),
      move: (delta) => move(delta, counts[state.pane]),
      toStart: () => select(state.pane, 0),
      toEnd: () => select(state.pane, Math.max(0, counts[state.pane] - 1)),
      help: 'move in the pane',
    }),
  ];
  const field = { focused: Boolean(state.editing) || state.filtering, onKey: onEdit, commit: 'keep' };
  const keys = useScreenKeys({
    active: props.active,
    // While a deletion asks, y or n answer it; q and ? work as everywhere.
    bindings: deletion.asking ? deletion.answers : bindings,
    field,
    beforeKey: () => {
      setNotice(undefined);
      deletion.forget();
    },
    onQuit: props.onQuit,
    onHelp: props.onHelp,
  });

  const leftWidth = Math.floor(width / 2);
  const rightWidth = width - leftWidth;
  // Without an engine its error takes the message rows, where it has the whole width; the images pane says where to look.
  // What the last key did comes first, a deletion done included; the engine's and the build's errors stay otherwise.
  const standing = deletion.said
    ? undefined
    : ((samples.phase === 'failed' ? samples.error : undefined) ?? (engine.status === 'unreachable' ? engine.error : undefined));
  const shown = notice ?? props.notice ?? standing;
  const listNote = engine.status === 'unreachable' || engine.status === 'connecting' ? 1 : 0;
  const messages = messageRows(shown, width, height - 1 - 8);
  const layout = listsLayout({
    height,
    messageRows: messages,
    imageLines: Math.max(1, rows.length) + listNote,
  });
  const pane = (name: HomePane, paneWidth: number, paneHeight: number) => ({
    focused: state.pane === name,
    color,
    width: paneWidth,
    height: paneHeight,
  });
  const shownForm = {
    ...form,
    volumes: form.volumes
      .split(' ')
      .map((v) => shortPath(v, services.cwd))
      .join(' '),
    scratchFrom: shortPath(form.scratchFrom, services.cwd),
  };
  return (
    <Box flexDirection="column" width={width} height={height} overflow="hidden">
      {deletion.asking ? (
        <ConfirmDelete plan={deletion.asking} folder={props.outDir} width={width} height={layout.panes} color={color} />
      ) : (
        <Box height={layout.panes} flexShrink={0}>
          <Box flexDirection="column" width={leftWidth}>
            <ImageListPane
              {...pane('images', leftWidth, layout.imagesHeight)}
              rows={rows}
              selected={state.selected.images}
              filter={state.filter}
              filtering={state.filtering}
              sort={state.sort}
              building={samples.rows}
              unreachable={engine.status === 'unreachable'}
              connecting={engine.status === 'connecting'}
              checking={checkingSamples}
            />
            <TracesPane
              {...pane('traces', leftWidth, layout.tracesHeight)}
              files={traces}
              loading={readingTraces}
              selected={Math.min(state.selected.traces, Math.max(0, traces.length - 1))}
              folder={props.outDir}
            />
          </Box>
          <Box flexDirection="column" width={rightWidth}>
            <InputsColumn
              services={services}
              files={inputs.files}
              selectedInput={state.selected.inputs}
              {...(inUse ? { inUse } : {})}
              takesImage={sample?.input === 'image'}
              writing={inputs.phase === 'writing'}
              listing={inputs.phase === 'listing'}
              focus={state.pane === 'inputs' || state.pane === 'options' ? state.pane : 'other'}
              image={row?.ref ?? '–'}
              form={shownForm}
              fields={fields}
              selectedField={state.selected.options}
              {...(state.editing ? { editing: state.editing } : {})}
              protocol={props.imageProtocol}
              active={props.active}
              origin={{ row: props.top ?? 1, column: leftWidth }}
              width={rightWidth}
              height={layout.panes}
              color={color}
            />
          </Box>
        </Box>
      )}
      <MessageArea
        error={shown}
        rows={messages}
        lines={
          deletion.said
            ? wrapWords(deletion.said, width).map((text) => ({ text, tone: 'green' as const }))
            : wrapWords(row?.description ?? '', width).map((text) => ({ text, tone: 'dim' as const }))
        }
        width={width}
        color={color}
      />
      <StatusBar hints={barHints(keys)} width={width} color={color} />
    </Box>
  );
}
