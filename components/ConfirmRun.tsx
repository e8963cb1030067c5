import { Box, Text } from 'ink';
import { confirmView } from '../src/app/present/confirm-run.js';
import type { Confirmation } from '../src/app/run-offer.js';

export interface ConfirmRunProps {
  state: Confirmation;
  width: number;
  height: number;
  color: boolean;
}

/** Over the screen, as help is: what a run record asks for, and No or Yes, No chosen until the user moves. */
export function ConfirmRun({ state, width, height, color }: ConfirmRunProps) {
  // Border and padding take 4 columns; border, title, gap, choice, gap and keys take 7 rows.
  const view = confirmView(state, Math.max(10, width - 4), Math.max(1, height - 7));
  const choice = (which: 'no' | 'yes', label: string) => {
    const chosen = view.choice === which;
    return (
      <Text inverse={chosen} bold={chosen} {...(color && chosen ? { color: which === 'yes' ? 'red' : 'green' } : {})}>
        {chosen ? `[ ${label} ]` : `  ${label}  `}
      </Text>
    );
  };
  return (
    <Box flexDirection="column" width={width} height={height} borderStyle="double" paddingX={1} overflow="hidden">
      <Text bold wrap="truncate">
        {view.title}
      </Text>
      <Box flexDirection="column" marginTop={1} flexGrow={1} overflow="hidden">
        {view.lines.map((line, i) => (
          <Text key={i} wrap="truncate">
            {line || ' '}
          </Text>
        ))}
      </Box>
      {view.choice ? (
        <Box gap={3}>
          {choice('no', 'No')}
          {choice('yes', 'Yes')}
        </Box>
      ) : null}
      <Box marginTop={1}>
        <Text dimColor wrap="truncate">
          {view.keys}
        </Text>
      </Box>
    </Box>
  );
}
