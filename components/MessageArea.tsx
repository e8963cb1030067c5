import { Box, Text } from 'ink';
import { fit } from '../src/report/fit.js';
import { MESSAGE_ROWS } from '../src/app/present/message-lines.js';
import type { ScreenError } from '../src/app/screen-error.js';
import { ErrorLine } from './ErrorLine.js';

/** A line the screen keeps in its message rows when there is no error: a description, where files went. */
interface MessageLine {
  text: string;
  tone?: 'dim' | 'bold' | 'red' | 'green';
}

export interface MessageAreaProps {
  /** Shown in place of the lines, wrapped to the rows. */
  error?: ScreenError | undefined;
  lines?: readonly (MessageLine | string)[];
  width: number;
  rows?: number;
  color: boolean;
}

/**
 * The rows above the status bar that every screen keeps for messages. They
 * are there whether or not there is a message, so an error of any length
 * never pushes or overdraws the rows above it.
 */
export function MessageArea({ error, lines = [], width, rows = MESSAGE_ROWS, color }: MessageAreaProps) {
  return (
    <Box flexDirection="column" width={width} height={rows} flexShrink={0} overflow="hidden">
      {error ? (
        <ErrorLine error={error} width={width} rows={rows} color={color} />
      ) : (
        lines.slice(0, rows).map((line, i) => {
          const { text, tone } = typeof line === 'string' ? { text: line, tone: undefined } : line;
          return (
            <Text
              key={i}
              wrap="truncate"
              bold={tone === 'bold'}
              dimColor={color && tone === 'dim'}
              {...(color && (tone === 'red' || tone === 'green') ? { color: tone } : {})}
            >
              {fit(text, width) || ' '}
            </Text>
          );
        })
      )}
    </Box>
  );
}
