import { Box, Text } from 'ink';
import type { HullModel } from '../../src/app/screens/hull/actions.js';
import { hullView } from '../../src/app/screens/hull/view-model.js';
import { useOwnKeys } from '../../src/app/use-own-keys.js';
import { useStore } from '../../src/app/use-store.js';
import { HullChart } from '../hull/HullChart.js';
import { HullFormLines } from '../hull/HullFormLines.js';
import { MessageArea } from '../MessageArea.js';
import { StatusBar } from '../StatusBar.js';
import type { ScreenChrome } from './screen-props.js';

export interface HullScreenProps extends ScreenChrome {
  /** The hull screen's model (`createHull`): its state, and the keys the shell hands it. */
  model: HullModel;
  /** Drawn without the App around it (a component test): the screen reads its own keys. */
  standalone?: boolean;
}

/** Train a hull over sample images, watch it form over the traces, save it, and test it with an autotuned run. The model is src/app/screens/hull. */
export function HullScreen({ model, standalone = false, ...chrome }: HullScreenProps) {
  const { width, height, color } = chrome;
  useOwnKeys(model, { active: standalone && chrome.active, onQuit: chrome.onQuit, onHelp: chrome.onHelp });
  const view = hullView(useStore(model.store), { width, height });
  return (
    <Box flexDirection="column" width={width} height={height} overflow="hidden">
      <Text bold wrap="truncate">
        {view.title}
      </Text>
      <HullFormLines {...view.form} color={color} width={width} />
      <HullChart {...view.chart} width={width} color={color} />
      <MessageArea {...view.message} width={width} color={color} />
      <StatusBar hints={view.bar} width={width} color={color} />
    </Box>
  );
}
