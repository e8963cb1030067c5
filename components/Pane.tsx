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
 * double border, so focus shows even without colour.
 */
export function Pane({ title, focused, color, width, height, children }: PaneProps) {
  return (
    <Box
      flexDirection="column"
      width={width}
      height={height}
      borderStyle={focused ? 'double' : 'single'}
      {...(color ? { borderColor: focused ? 'cyan' : 'gray' } : {})}
      overflow="hidden"
    >
      <Text bold={focused} wrap="truncate">
        {title}
      </Text>
      {children}
    </Box>
  );
}
