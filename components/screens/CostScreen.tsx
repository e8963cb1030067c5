import { Box, Text } from 'ink';
import { useLayoutEffect } from 'react';
import type { CostModel } from '../../src/app/screens/cost/actions.js';
import { costView } from '../../src/app/screens/cost/view-model.js';
import { useOwnKeys } from '../../src/app/use-own-keys.js';
import { useStore } from '../../src/app/use-store.js';
import { CostTablePane } from '../cost/CostTablePane.js';
import { SettingsForm } from '../cost/SettingsForm.js';
import { MessageArea } from '../MessageArea.js';
import { Pane } from '../Pane.js';
import { StatusBar } from '../StatusBar.js';
import type { ScreenChrome } from './screen-props.js';

export interface CostScreenProps extends Pick<ScreenChrome, 'width' | 'height' | 'color' | 'active' | 'onQuit' | 'onHelp'> {
  /** The cost screen's model (`createCost`, made by the shell's `openCost`): its state, and the keys the shell hands it. */
  model: CostModel;
  /** Drawn without the App (a component test): the screen reads its own keys, and Esc has nowhere to go back to. */
  standalone?: boolean;
}

/** Providers compared on the current trace, and the settings that price it. The model is src/app/screens/cost. */
export function CostScreen({ model, width, height, color, active, onQuit, onHelp, standalone = false }: CostScreenProps) {
  useOwnKeys(model, { active: standalone && active, onQuit, onHelp });
  // A page moves half the screen, and an invoked function's table wraps to its width: the model is told both.
  useLayoutEffect(() => model.resize(height, width), [model, height, width]);
  const view = costView(useStore(model.store), { width, height }, !standalone);
  return (
    <Box flexDirection="column" width={width} height={height} overflow="hidden">
      {view.table ? (
        <CostTablePane {...view.table} color={color} width={width} height={view.tableHeight} />
      ) : (
        <Pane title="Providers" focused={false} color={color} width={width} height={view.tableHeight}>
          <Text wrap="wrap">No trace to price yet. Trace an image or open a recorded trace, then press c on its screen.</Text>
          <Text dimColor={color} wrap="wrap">
            {view.known}
          </Text>
        </Pane>
      )}
      <SettingsForm {...view.form} color={color} width={width} />
      <MessageArea {...view.message} width={width} color={color} />
      <StatusBar hints={view.bar} width={width} color={color} />
    </Box>
  );
}
