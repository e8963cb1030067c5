import { Box, Text } from 'ink';
import { GLOBAL_HELP, SCREEN_HELP, type HelpEntry } from '../src/app/present/help.js';
import type { ScreenName } from '../src/app/navigation.js';

export interface HelpOverlayProps {
  screen: ScreenName;
  width: number;
  height: number;
  color: boolean;
}

const TITLES: Record<ScreenName, string> = {
  home: 'Image selection',
  trace: 'Live trace',
  cost: 'Cost',
  multi: 'Multi-run',
  hull: 'Hull training',
};

/** The keys of the screen underneath, then the ones that work everywhere. `?` or Esc closes it. */
export function HelpOverlay({ screen, width, height, color }: HelpOverlayProps) {
  const section = (title: string, entries: HelpEntry[]) => (
    <Box flexDirection="column" marginBottom={1}>
      <Text bold {...(color ? { color: 'cyan' } : {})}>
        {title}
      </Text>
      {entries.map((entry) => (
        <Text key={`${title}${entry.keys}`} wrap="truncate">
          {`  ${entry.keys.padEnd(16)}${entry.action}`}
        </Text>
      ))}
    </Box>
  );
  return (
    <Box flexDirection="column" width={width} height={height} borderStyle="double" paddingX={1} overflow="hidden">
      <Text bold>Help · ? or Esc closes</Text>
      {section(TITLES[screen], SCREEN_HELP[screen])}
      {section('Everywhere', GLOBAL_HELP)}
    </Box>
  );
}
