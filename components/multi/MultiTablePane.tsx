import { Box, Text } from 'ink';
import type { MultiRunView } from '../../src/app/screens/multi/view-model.js';
import { SelectList } from '../SelectList.js';

export type MultiTablePaneProps = MultiRunView['table'] & { color: boolean };

/** The runs in the .dat's columns, then their statistics under the columns they describe. */
export function MultiTablePane({ header, lines, selected, height, focused, stats, color }: MultiTablePaneProps) {
  return (
    <Box flexDirection="column">
      <Text bold wrap="truncate">
        {header}
      </Text>
      <Box flexDirection="column" height={height}>
        <SelectList lines={lines} selected={selected} height={height} focused={focused} color={color} empty="no run has finished yet" />
      </Box>
      {stats ? (
        <Box flexDirection="column">
          <Text bold wrap="truncate" {...(color ? { color: 'cyan' } : {})}>
            {stats.title}
          </Text>
          {stats.lines.map((line) => (
            <Text key={line.slice(0, 9)} wrap="truncate">
              {line}
            </Text>
          ))}
          <Text wrap="truncate" {...(color && stats.spread.flagged ? { color: 'yellow' } : {})}>
            {stats.spread.line}
          </Text>
        </Box>
      ) : null}
    </Box>
  );
}
