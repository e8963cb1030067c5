import { Box, Text } from 'ink';
import { helpEntries, helpLine, type HelpEntry } from '../src/app/key-bindings.js';
import type { ScreenBindings } from '../src/app/key-router.js';
import type { ScreenName } from '../src/app/navigation.js';

export interface HelpOverlayProps {
  screen: ScreenName;
  /** The key table of the screen underneath: the same one its key handler and status bar use. */
  keys: ScreenBindings | undefined;
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
  tune: 'Power tuning',
};

/** The keys of the screen underneath, then the ones that work everywhere. `?` or Esc closes it. */
export function HelpOverlay({ screen, keys, width, height, color }: HelpOverlayProps) {
  const section = (title: string, entries: HelpEntry[]) => (
    <Box flexDirection="column" marginTop={1}>
      <Text bold {...(color ? { color: 'cyan' } : {})}>
        {title}
      </Text>
      {entries.map((entry) => (
        <Text key={`${title}${entry.keys}${entry.action}`} wrap="truncate">
          {helpLine(entry)}
        </Text>
      ))}
    </Box>
  );
  return (
    <Box flexDirection="column" width={width} height={height} borderStyle="double" paddingX={1} overflow="hidden">
      <Text bold>Help · ? or Esc closes</Text>
      {section(TITLES[screen], helpEntries(keys?.own ?? []))}
      {section('Everywhere', helpEntries(keys?.shared ?? []))}
    </Box>
  );
}
