import { Box, Text } from 'ink';
import { errorText, type ScreenError } from '../src/app/screen-error.js';

export interface ErrorLineProps {
  error: ScreenError;
  width: number;
  /** Rows it may take; the text wraps into them, and is cut only past the last. */
  rows?: number;
  color: boolean;
}

/** Every screen's error, worded and coloured the same way. */
export function ErrorLine({ error, width, rows = 1, color }: ErrorLineProps) {
  return (
    <Box width={width} height={rows} overflow="hidden">
      <Text wrap={rows > 1 ? 'wrap' : 'truncate-end'} {...(color ? { color: 'red' } : {})}>
        {errorText(error)}
      </Text>
    </Box>
  );
}
