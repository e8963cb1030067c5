import { Box, Text } from 'ink';
import { useLayoutEffect } from 'react';
import type { TuneModel } from '../../src/app/screens/tune/actions.js';
import { tuneView, type TuneCell } from '../../src/app/screens/tune/view-model.js';
import { useOwnKeys } from '../../src/app/use-own-keys.js';
import { useStore } from '../../src/app/use-store.js';
import { MessageArea } from '../MessageArea.js';
import { StatusBar } from '../StatusBar.js';
import type { ScreenChrome } from './screen-props.js';

export interface TuneScreenProps extends ScreenChrome {
  /** The Tune screen's model (`createTune`): its state, and the keys the shell hands it. */
  model: TuneModel;
  /** Drawn without the App around it (a test): the screen reads its own keys. */
  standalone?: boolean;
}

/**
 * Power tuning from the TUI: the provider, sizes and runs; each size's runs as they arrive; then the report, its
 * charts and each size's traces. The model is src/app/screens/tune.
 */
export function TuneScreen({ model, width, height, color, active, standalone, onQuit, onHelp }: TuneScreenProps) {
  const view = tuneView(useStore(model.store), { width, height, color });
  // Before any key can come: scrolling stops at the report's end as this room lays it out.
  useLayoutEffect(() => model.room({ width, height, color }), [model, width, height, color]);
  useOwnKeys(model, { active: Boolean(standalone) && active, onQuit, onHelp });
  const cell = ({ field, text, here }: TuneCell) => (
    <Text key={field} bold={here} underline={here} {...(color && here ? { color: 'cyan' } : {})}>
      {text}
    </Text>
  );
  return (
    <Box flexDirection="column" width={width} height={height} overflow="hidden">
      <Text bold wrap="truncate">
        {view.title}
      </Text>
      {view.rows.map((row, i) => (
        <Box key={i} height={1} overflow="hidden">
          {row.map(cell)}
        </Box>
      ))}
      <Box flexDirection="column" height={view.bodyRows} flexShrink={0} overflow="hidden">
        {view.body.map((line, i) => (
          <Text key={i} wrap="truncate">
            {line}
          </Text>
        ))}
      </Box>
      <Box flexGrow={1} />
      <MessageArea {...view.message} width={width} color={color} />
      <StatusBar hints={view.bar} width={width} color={color} />
    </Box>
  );
}
