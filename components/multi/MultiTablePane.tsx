import { Box, Text } from 'ink';
import type { HostLoad } from '../../src/core/host-load.js';
import { MULTI_HEADER, multiCostDigits, multiRowLine, spreadLine, statsLines } from '../../src/report/multi-rows.js';
import type { ScreenMultiTable } from '../../src/app/multi-table.js';
import type { RunResult } from '../../src/app/trace-session.js';
import { SelectList } from '../SelectList.js';

export interface MultiTablePaneProps {
  done: readonly RunResult[];
  table: ScreenMultiTable;
  selected: number;
  /** Rows for the runs; the list scrolls to keep the selection in view. */
  height: number;
  showStats: boolean;
  focused: boolean;
  color: boolean;
  /** How busy the host was while the runs ran, when known. */
  hostLoad?: HostLoad | undefined;
  width: number;
}

/** The runs in the .dat's columns, then their statistics under the columns they describe. */
export function MultiTablePane({ done, table, selected, height, showStats, focused, color, hostLoad, width }: MultiTablePaneProps) {
  const digits = multiCostDigits(table.rows);
  const lines = done.map((r, i) => multiRowLine(i, r.durationMs, r.peakBytes, table.rows[i], digits));
  const spread = table.stats ? spreadLine(table.stats, hostLoad, width) : { line: ' ', flagged: false };
  return (
    <Box flexDirection="column">
      <Text bold wrap="truncate">{`  ${MULTI_HEADER}`}</Text>
      <Box flexDirection="column" height={height}>
        <SelectList lines={lines} selected={selected} height={height} focused={focused} color={color} empty="no run has finished yet" />
      </Box>
      {showStats && table.stats ? (
        <Box flexDirection="column">
          <Text bold wrap="truncate" {...(color ? { color: 'cyan' } : {})}>
            {`  statistics over ${done.length} run${done.length === 1 ? '' : 's'}: duration (ms), peak (MiB), cost ($)`}
          </Text>
          {statsLines(table.stats, digits).map((line) => (
            <Text key={line.slice(0, 7)} wrap="truncate">{`  ${line}`}</Text>
          ))}
          <Text wrap="truncate" {...(color && spread.flagged ? { color: 'yellow' } : {})}>
            {spread.line}
          </Text>
        </Box>
      ) : null}
    </Box>
  );
}
