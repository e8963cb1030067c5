import { Box, Text } from 'ink';
import { helpEntries, type BindingInfo } from '../src/app/key-bindings.js';
import type { ScreenName } from '../src/app/navigation.js';
import { helpRows } from '../src/app/present/help-lines.js';

export interface HelpOverlayProps {
  screen: ScreenName;
  /** The key table of the screen underneath: the same one its key handler and status bar use. */
  keys: { own: readonly BindingInfo[]; shared: readonly BindingInfo[] } | undefined;
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

/** The keys of the screen underneath, then the ones that work everywhere, fitted to the rows there are. `?` or Esc closes it. */
export function HelpOverlay({ screen, keys, width, height, color }: HelpOverlayProps) {
  // Border and padding take 4 columns and 2 rows.
  const rows = helpRows(TITLES[screen], helpEntries(keys?.own ?? []), helpEntries(keys?.shared ?? []), Math.max(10, width - 4), height - 2);
  return (
    <Box flexDirection="column" width={width} height={height} flexShrink={0} borderStyle="double" paddingX={1} overflow="hidden">
      {rows.map((row, i) => (
        <Box key={i} flexShrink={0}>
          <Text bold={row.title === true} {...(color && row.title && i > 0 ? { color: 'cyan' } : {})} wrap="truncate">
            {row.text || ' '}
          </Text>
        </Box>
      ))}
    </Box>
  );
}
