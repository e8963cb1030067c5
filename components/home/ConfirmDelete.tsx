import { Box, Text } from 'ink';
import { deletionView } from '../../src/app/present/trace-deletion.js';
import type { TraceDeletion } from '../../src/app/trace-deletion.js';

export interface ConfirmDeleteProps {
  plan: TraceDeletion;
  /** The output folder as the user knows it (relative to where functracer started). */
  folder: string;
  width: number;
  height: number;
  color: boolean;
}

/** In place of home's panes: the files deleting a recorded trace removes, and y or n. */
export function ConfirmDelete({ plan, folder, width, height, color }: ConfirmDeleteProps) {
  // Border and padding take 4 columns.
  const view = deletionView(plan, folder, Math.max(10, width - 4));
  return (
    <Box
      flexDirection="column"
      width={width}
      height={height}
      flexShrink={0}
      borderStyle="double"
      {...(color ? { borderColor: 'red' } : {})}
      paddingX={1}
      overflow="hidden"
    >
      <Text bold wrap="truncate">
        {view.title}
      </Text>
      <Box flexDirection="column" marginTop={1} flexGrow={1} flexShrink={1} overflow="hidden">
        {view.lines.map((line, i) => (
          <Box key={i} flexShrink={0}>
            <Text wrap="truncate">{line || ' '}</Text>
          </Box>
        ))}
      </Box>
      <Box flexShrink={0}>
        <Text bold wrap="truncate" {...(color ? { color: 'red' } : {})}>
          {view.keys}
        </Text>
      </Box>
    </Box>
  );
}
