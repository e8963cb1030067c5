import { Text } from 'ink';
import { costTable } from '../../src/report/cost-rows.js';
import { titleWithState } from '../../src/report/fit.js';
import { mb, seconds } from '../../src/report/figures.js';
import { snapshotDurationMs, snapshotPeakBytes } from '../../src/app/screen-pricing.js';
import type { Settings } from '../../src/app/settings.js';
import type { CostEntry } from '../../src/ops/price-result.js';
import type { SessionSnapshot } from '../../src/app/trace-session.js';
import { Pane } from '../Pane.js';
import { SelectList } from '../SelectList.js';

export interface CostTablePaneProps {
  snapshot: SessionSnapshot;
  /** The prices in the order drawn; the screen moves its cursor over this same order. */
  entries: CostEntry[];
  settings: Settings;
  selected: number;
  focused: boolean;
  color: boolean;
  width: number;
  height: number;
}

/** Every provider's price for the trace, with the user's requests and free tier; ✓ marks the chosen provider. */
export function CostTablePane({ snapshot, entries, settings, selected, focused, color, width, height }: CostTablePaneProps) {
  // Rows carry the list's › and the chosen provider's ✓ in front.
  const table = costTable(entries, width - 2, 3);
  // The figures the prices come from stay whole; a long command line gives way.
  const figures = `${seconds(snapshotDurationMs(snapshot))} · peak ${mb(snapshotPeakBytes(snapshot))} · ${settings.requestsPerMonth.toLocaleString('en-US')} requests${settings.freeTier ? ', free tier' : ''}`;
  const facts = titleWithState(snapshot.title, figures, width - 2);
  return (
    <Pane title="Providers (Enter picks the one the trace screen bills)" focused={focused} color={color} width={width} height={height}>
      <Text wrap="truncate" dimColor={color}>
        {facts}
      </Text>
      <Text wrap="truncate" bold>
        {table.header}
      </Text>
      <SelectList
        lines={table.rows.map((row) => `${row.provider === settings.provider ? '✓' : ' '}${row.text}`)}
        selected={selected}
        height={Math.max(1, height - 5)}
        focused={focused}
        color={color}
      />
    </Pane>
  );
}
