import { Box, Text } from 'ink';
import { wrapWords } from '../src/core/text-width.js';
import { errorText, type ScreenError } from '../src/app/screen-error.js';

export interface ErrorLineProps {
  error: ScreenError;
  width: number;
  /** The most rows it may take (3 unless said); it takes only as many as the wrapped text needs. */
  rows?: number;
  color: boolean;
}

/** Every screen's error, worded and coloured the same way, wrapped so the hint is never cut off. */
export function ErrorLine({ error, width, rows = 3, color }: ErrorLineProps) {
  const lines = wrapWords(errorText(error), Math.max(1, width));
  const shown = lines.length <= rows ? lines : [...lines.slice(0, rows - 1), `${lines[rows - 1]!.slice(0, Math.max(0, width - 1))}…`];
  return (
    <Box width={width} height={shown.length} overflow="hidden" flexShrink={0}>
      <Text {...(color ? { color: 'red' } : {})}>{shown.join('\n')}</Text>
    </Box>
  );
}
