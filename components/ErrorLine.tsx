import { Box, Text } from 'ink';
import { errorLines } from '../src/app/present/message-lines.js';
import type { ScreenError } from '../src/app/screen-error.js';

export interface ErrorLineProps {
  error: ScreenError;
  width: number;
  /** The most rows it may take (3 unless said); it takes only as many as the wrapped text needs. */
  rows?: number;
  color: boolean;
}

/** Every screen's error, worded and coloured the same way, wrapped so the hint is never cut off. */
export function ErrorLine({ error, width, rows = 3, color }: ErrorLineProps) {
  const shown = errorLines(error, width, rows);
  return (
    <Box width={width} height={shown.length} overflow="hidden" flexShrink={0}>
      <Text {...(color ? { color: 'red' } : {})}>{shown.join('\n')}</Text>
    </Box>
  );
}
