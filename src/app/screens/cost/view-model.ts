import { mb, seconds } from '../../../report/figures.js';
import { costTable } from '../../../report/cost-rows.js';
import { titleWithState } from '../../../report/fit.js';
import { barHints } from '../../key-bindings.js';
import { messageRows } from '../../present/message-lines.js';
import { snapshotDurationMs, snapshotPeakBytes } from '../../screen-pricing.js';
import { SETTING_LABELS } from '../../settings.js';
import type { SessionSnapshot } from '../../trace-session.js';
import { tableAt } from '../key-table.js';
import { sharedAt } from '../shell/keys.js';
import { costKeys } from './keys.js';
import { invokedTable } from './invoked.js';
import { fieldAt, SETTING_FIELDS, settingNote, settingText, type CostState } from './state.js';

/** Borders and title, then a row a setting. */
const FORM_HEIGHT = SETTING_FIELDS.length + 3;
/** The table keeps its facts, its header and a row or two, however long the message under the form. */
const TABLE_LEAST = 5;

/**
 * What the cost screen draws, worked out from its state and the room there is: the .tsx only lays it out.
 * `canGoBack` is false for the screen drawn alone (a component test), where Esc has nowhere to go.
 */
export function costView(state: CostState, { width, height }: { width: number; height: number }, canGoBack = true) {
  const { settings, snapshot, pane, editing, notice } = state;
  const messages = messageRows(notice, width, height - FORM_HEIGHT - TABLE_LEAST - 1);
  const tableHeight = Math.max(TABLE_LEAST, height - FORM_HEIGHT - messages - 1);
  const typing = costKeys.typing?.(state) !== undefined;
  const field = fieldAt(state);
  return {
    table: snapshot
      ? state.invoked
        ? invocationTable(state, snapshot, width, tableHeight)
        : providerTable(state, snapshot, width, tableHeight)
      : undefined,
    /** Without a trace, the pane says how to get one. */
    known: `Known providers: ${state.providers.join(', ')}`,
    tableHeight,
    form: {
      title: `Settings (${state.settingsPath})`,
      focused: pane === 'settings',
      height: FORM_HEIGHT,
      rows: SETTING_FIELDS.map((key, i) => {
        const current = pane === 'settings' && i === state.selected.settings;
        const isEditing = editing?.key === key;
        return {
          key,
          // The label keeps its width: a long value is cut at its own end, never into the label's padding.
          label: `${current ? '›' : ' '} ${SETTING_LABELS[key].padEnd(24)}`,
          value: isEditing ? `${editing.value}▏` : settingText(settings, key),
          current,
          editing: isEditing,
        };
      }),
    },
    message: {
      error: notice,
      rows: messages,
      lines: pane === 'settings' ? [{ text: `  ${settingNote(field, editing !== undefined)}`, tone: 'dim' as const }] : [],
    },
    bar: barHints([...tableAt(costKeys.table(state), state), ...sharedAt({ canGoBack, typing })]),
  };
}

/** Every provider's price for the trace, with the figures it comes from; ✓ marks the provider the trace screen bills. */
function providerTable(state: CostState, snapshot: SessionSnapshot, width: number, height: number) {
  const { settings } = state;
  // Rows carry the list's › and the chosen provider's ✓ in front.
  const table = costTable(state.entries, width - 2, 3);
  // The figures the prices come from stay whole; a long command line gives way.
  const figures = `${seconds(snapshotDurationMs(snapshot))} · peak ${mb(snapshotPeakBytes(snapshot))} · ${settings.requestsPerMonth.toLocaleString('en-US')} requests${settings.freeTier ? ', free tier' : ''}`;
  return {
    title: 'Providers (Enter picks the one the trace screen bills)',
    facts: [titleWithState(snapshot.title, figures, width - 2)],
    header: table.header,
    lines: table.rows.map((row) => `${row.provider === settings.provider ? '✓' : ' '}${row.text}`),
    selected: Math.min(state.selected.providers, Math.max(0, table.rows.length - 1)),
    focused: state.pane === 'providers',
    listHeight: Math.max(1, height - 5),
  };
}

/**
 * An invoked function's trace, priced per invocation with `cost --trace`'s own text at the table's width: what is
 * priced above the header, then the providers' rows (✓ the chosen one) and the notes and answer, one list to scroll.
 */
function invocationTable(state: CostState, snapshot: SessionSnapshot, width: number, height: number) {
  const { settings } = state;
  const { intro, header, lines } = invokedTable(state.invoked!, width);
  const prices = 'prices' in state.invoked! ? state.invoked.prices : undefined;
  const figures = prices ? `${prices.invocations} invocations, ${prices.cold} cold · ${prices.memorySizeMb} MB` : 'an invoked function';
  const rows = lines.map((line) => `${line.provider !== undefined && line.provider === settings.provider ? '✓' : ' '}${line.text}`);
  return {
    // The pane's title names the trace, so the rows under it are cost --trace's text and nothing else.
    title: titleWithState(snapshot.title, figures, width - 2),
    facts: intro,
    header: header === '' ? '' : `   ${header}`,
    lines: rows,
    selected: Math.min(state.selected.providers, Math.max(0, rows.length - 1)),
    focused: state.pane === 'providers',
    listHeight: Math.max(1, height - 4 - intro.length),
  };
}
