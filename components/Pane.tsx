import { Box, Text } from 'ink';
import type { ReactNode } from 'react';

export interface PaneProps {
  title: string;
  focused: boolean;
  color: boolean;
  width: number;
  height: number;
  children?: ReactNode;
}

/**
 * A bordered, titled box of a fixed size. The focused pane is drawn with a
 * double border, so focus shows even without colour. Content taller than the
 * pane is cut at its bottom border: its rows keep their height, since rows
 * squeezed to fit would be drawn over each other.
 */
export function Pane({ title, focused, color, width, height, children }: PaneProps) {
  return (
    <Box
      flexDirection="column"
      width={width}
      height={height}
      flexShrink={0}
      borderStyle={focused ? 'double' : 'single'}
      {...(color ? { borderColor: focused ? 'cyan' : 'gray' } : {})}
      overflow="hidden"
    >
      <Box flexShrink={0}>
        <Text bold={focused} wrap="truncate">
          {title}
        </Text>
      </Box>
      <Box flexDirection="column" flexShrink={0}>
        {children}
      </Box>
    </Box>
  );
}
