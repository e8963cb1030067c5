import { Box, Text } from 'ink';
import { useLayoutEffect } from 'react';
import type { MultiRunModel } from '../../src/app/screens/multi/actions.js';
import { multiRunView } from '../../src/app/screens/multi/view-model.js';
import { useOwnKeys } from '../../src/app/use-own-keys.js';
import { useStore } from '../../src/app/use-store.js';
import { MultiLive } from '../multi/MultiLive.js';
import { MultiTablePane } from '../multi/MultiTablePane.js';
import { MessageArea } from '../MessageArea.js';
import { StatusBar } from '../StatusBar.js';
import type { ScreenChrome } from './screen-props.js';

export interface MultiRunScreenProps extends ScreenChrome {
  /** The screen's model (`createMultiRun`): its state, and the keys the shell hands it. */
  model: MultiRunModel;
  /** Drawn without the App around it (a component test): the screen reads its own keys. */
  standalone?: boolean;
}

/** N runs of one function: choose N, watch them run one by one, then the table, its statistics and each run's trace. The model is src/app/screens/multi. */
export function MultiRunScreen({ model, standalone = false, width, height, color, active, onQuit, onHelp }: MultiRunScreenProps) {
  const view = multiRunView(useStore(model.store), { width, height });
  useOwnKeys(model, { active: standalone && active, onQuit, onHelp });
  // A page of the runs is half the screen: the model moves by it when a key asks.
  useLayoutEffect(() => model.resize(height), [model, height]);
  return (
    <Box flexDirection="column" width={width} height={height} overflow="hidden">
      <Text bold wrap="truncate">
        {view.title}
      </Text>
      <Text wrap="truncate">{view.info}</Text>
      <MultiTablePane {...view.table} color={color} />
      {view.live ? <MultiLive {...view.live} width={width} color={color} /> : null}
      <Box flexGrow={1} />
      <MessageArea {...view.message} width={width} color={color} />
      <StatusBar hints={view.bar} width={width} color={color} />
    </Box>
  );
}
