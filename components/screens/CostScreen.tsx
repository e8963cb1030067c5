import { Box, Text, type Key } from 'ink';
import { useMemo, useState } from 'react';
import { barHints, scrollBindings, type Binding } from '../../src/app/key-bindings.js';
import { knownProviders, priceSnapshot } from '../../src/app/screen-pricing.js';
import { useTraceSession } from '../../src/app/use-trace-session.js';
import { Trace } from '../../src/core/trace.js';
import { moveSelection } from '../../src/app/present/list-window.js';
import { parseSetting, settingRule, type SettingKey, type Settings } from '../../src/app/settings.js';
import { editField } from '../../src/app/text-edit.js';
import { screenError, type ScreenError } from '../../src/app/screen-error.js';
import { recordedSource, type TraceSource } from '../../src/app/trace-session.js';
import { messageRows } from '../../src/app/present/message-lines.js';
import { MessageArea } from '../MessageArea.js';
import { useScreenKeys } from '../../src/app/use-screen-keys.js';
import { CostTablePane } from '../cost/CostTablePane.js';
import { SETTING_FIELDS, SettingsForm, settingNote, settingText } from '../cost/SettingsForm.js';
import { Pane } from '../Pane.js';
import { StatusBar } from '../StatusBar.js';
import type { ScreenChrome } from './screen-props.js';

export interface CostScreenProps extends ScreenChrome {
  /** The trace to price; without one only the settings are shown. */
  source?: TraceSource;
  settings: Settings;
  settingsPath: string;
  /** Saves one setting; throws a UserError naming a bad value. */
  onSetting: <K extends SettingKey>(key: K, value: Settings[K]) => void;
  /** Checks an output folder as it is entered: throws a UserError when no file can be made there, returns a warning to show. */
  checkOutDir?: (dir: string) => string | undefined;
}

type CostPane = 'providers' | 'settings';

/** Stands in when there is no trace: hooks cannot be skipped, so the screen subscribes to an empty one. */
const NOTHING_TO_PRICE = recordedSource('', new Trace(), 0, '');

/** Providers compared on the current trace, and the settings that price it. */
export function CostScreen({ source, settings, settingsPath, onSetting, checkOutDir, ...chrome }: CostScreenProps) {
  const providers = useMemo(() => knownProviders(), []);
  const snapshot = useTraceSession(source ?? NOTHING_TO_PRICE);
  const entries = useMemo(() => (source ? priceSnapshot(snapshot, settings) : []), [source, snapshot, settings]);
  // The table is cheapest first; the cursor and Enter follow that same order, not the providers' names.
  const rows = entries.map((entry) => entry.provider);
  const [pane, setPane] = useState<CostPane>(source ? 'providers' : 'settings');
  const [selected, setSelected] = useState(() => ({ providers: Math.max(0, rows.indexOf(settings.provider)), settings: 0 }));
  const [editing, setEditing] = useState<{ key: SettingKey; value: string } | undefined>(undefined);
  const [notice, setNotice] = useState<ScreenError | undefined>(undefined);
  const field = SETTING_FIELDS[selected.settings]!;

  /** Whether it was saved; if not, the notice says why. */
  const save = <K extends SettingKey>(key: K, value: Settings[K]): boolean => {
    try {
      onSetting(key, value);
      return true;
    } catch (error) {
      setNotice(screenError(error));
      return false;
    }
  };
  const cycle = (step: number) => {
    if (field === 'freeTier') return save('freeTier', !settings.freeTier);
    if (field === 'provider' && providers.length > 0)
      save('provider', providers[(providers.indexOf(settings.provider) + step + providers.length) % providers.length]!);
  };
  const onEdit = (input: string, key: Key) => {
    if (!editing) return;
    let warning: string | undefined;
    const rule = settingRule(editing.key);
    // A folder where no file can be made is refused here, and the edit goes on, rather than failing every run later.
    const check =
      editing.key === 'outDir' && checkOutDir
        ? (text: string) => {
            rule.check?.(text);
            warning = checkOutDir(text.trim());
          }
        : rule.check;
    const edit = editField(editing.value, input, key, { ...rule, ...(check ? { check } : {}) });
    if (edit.refused) setNotice(edit.refused);
    if (edit.done === 'commit') {
      try {
        if (save(editing.key, parseSetting(editing.key, edit.value)) && warning)
          setNotice({ message: `saved, but that folder is ${warning}`, bug: false });
      } catch (error) {
        setNotice(screenError(error));
      }
    }
    setEditing(edit.done ? undefined : { ...editing, value: edit.value });
  };
  const total = pane === 'providers' ? rows.length : SETTING_FIELDS.length;
  const chosen = rows[selected.providers];
  const bindings: Binding[] = [
    ...scrollBindings({
      of: 'the pane',
      page: Math.max(1, Math.floor(chrome.height / 2)),
      move: (delta) => setSelected((s) => ({ ...s, [pane]: moveSelection(s[pane], delta, total) })),
      toStart: () => setSelected((s) => ({ ...s, [pane]: 0 })),
      toEnd: () => setSelected((s) => ({ ...s, [pane]: Math.max(0, total - 1) })),
      label: 'move',
      help: 'move in the pane',
    }),
    {
      keys: ['return'],
      label: 'choose',
      help: 'bill the trace screen on the selected provider',
      when: () => pane === 'providers' && chosen !== undefined && providers.includes(chosen),
      run: () => save('provider', chosen!),
    },
    {
      keys: ['return'],
      label: 'change',
      help: 'edit a setting; change provider or free tier',
      when: () => pane === 'settings',
      run: () =>
        field === 'provider' || field === 'freeTier'
          ? cycle(1)
          : setEditing({ key: field, value: settingText(settings, field).replace(/,/g, '') }),
    },
    ...(source
      ? [
          {
            keys: ['tab', 'shift-tab'],
            show: 'Tab',
            label: 'pane',
            help: 'providers ↔ settings',
            run: () => setPane(pane === 'providers' ? 'settings' : 'providers'),
          } satisfies Binding,
        ]
      : []),
    {
      keys: ['left', 'right'],
      help: 'change provider or free tier',
      when: () => pane === 'settings',
      run: (_input, key) => cycle(key.leftArrow ? -1 : 1),
    },
  ];
  const keys = useScreenKeys({
    active: chrome.active,
    bindings,
    field: { focused: Boolean(editing), onKey: onEdit, commit: 'save' },
    beforeKey: () => setNotice(undefined),
    onQuit: chrome.onQuit,
    onHelp: chrome.onHelp,
    ...(chrome.onBack ? { onBack: chrome.onBack } : {}),
  });

  // Borders and title, then a row a setting; what Enter does there goes under the form, in the message rows.
  const formHeight = SETTING_FIELDS.length + 3;
  const tableLeast = 5;
  const messages = messageRows(notice, chrome.width, chrome.height - formHeight - tableLeast - 1);
  const tableHeight = Math.max(tableLeast, chrome.height - formHeight - messages - 1);
  return (
    <Box flexDirection="column" width={chrome.width} height={chrome.height} overflow="hidden">
      {source ? (
        <CostTablePane
          snapshot={snapshot}
          entries={entries}
          settings={settings}
          selected={selected.providers}
          focused={pane === 'providers'}
          color={chrome.color}
          width={chrome.width}
          height={tableHeight}
        />
      ) : (
        <Pane title="Providers" focused={false} color={chrome.color} width={chrome.width} height={tableHeight}>
          <Text wrap="wrap">No trace to price yet. Trace an image or open a recorded trace, then press c on its screen.</Text>
          <Text dimColor={chrome.color} wrap="wrap">{`Known providers: ${providers.join(', ')}`}</Text>
        </Pane>
      )}
      <SettingsForm
        settings={settings}
        selected={selected.settings}
        {...(editing ? { editing } : {})}
        path={settingsPath}
        focused={pane === 'settings'}
        color={chrome.color}
        width={chrome.width}
        height={formHeight}
      />
      <MessageArea
        error={notice}
        rows={messages}
        lines={pane === 'settings' ? [{ text: `  ${settingNote(field, editing !== undefined)}`, tone: 'dim' }] : []}
        width={chrome.width}
        color={chrome.color}
      />
      <StatusBar hints={barHints(keys)} width={chrome.width} color={chrome.color} />
    </Box>
  );
}
