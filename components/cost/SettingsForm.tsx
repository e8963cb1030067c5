import { Box, Text } from 'ink';
import type { costView } from '../../src/app/screens/cost/view-model.js';
import { Pane } from '../Pane.js';

export type SettingsFormProps = ReturnType<typeof costView>['form'] & {
  color: boolean;
  width: number;
};

/** The settings kept between sessions, one a line; the selected one can be edited in place. */
export function SettingsForm({ title, rows, focused, color, width, height }: SettingsFormProps) {
  return (
    <Pane title={title} focused={focused} color={color} width={width} height={height}>
      {rows.map((row) => (
        <Box key={row.key}>
          {/* The label keeps its width: a long value is cut at its own end, never into the label's padding. */}
          <Box flexShrink={0}>
            <Text bold={row.current}>{row.label}</Text>
          </Box>
          <Text wrap="truncate" inverse={row.editing && !color} {...(row.editing && color ? { color: 'cyan' } : {})}>
            {row.value}
          </Text>
        </Box>
      ))}
    </Pane>
  );
}
