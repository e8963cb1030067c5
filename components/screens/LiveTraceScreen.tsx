import { Box, Text } from 'ink';
import { useLayoutEffect } from 'react';
import type { TraceModel } from '../../src/app/screens/trace/actions.js';
import { traceView } from '../../src/app/screens/trace/view-model.js';
import { useOwnKeys } from '../../src/app/use-own-keys.js';
import { useStore } from '../../src/app/use-store.js';
import { StatusBar } from '../StatusBar.js';
import { TraceChart } from '../trace/TraceChart.js';
import { TraceLower } from '../trace/TraceLower.js';
import type { ScreenChrome } from './screen-props.js';

export interface LiveTraceScreenProps extends Pick<ScreenChrome, 'width' | 'height' | 'color' | 'active'> {
  /** The screen's model (`createTrace`): the run it follows, and the keys the shell hands it. */
  model: TraceModel;
  /** `functracer run`'s screen, drawn without the App: q and Ctrl-C stop the run through this. */
  onQuit?: () => void;
}

const nothing = () => {};

/** A run as it happens, and its report once it ends; or a recorded trace, read-only. The model is src/app/screens/trace. */
export function LiveTraceScreen({ model, width, height, color, active, onQuit = nothing }: LiveTraceScreenProps) {
  const state = useStore(model.store);
  // Scrolling the report is clamped to the pane as drawn: the model hears the size before any key can come.
  useLayoutEffect(() => model.resize({ width, height }), [model, width, height]);
  // Inside the App the shell hands the keys over; `functracer run`'s screen is drawn alone and listens itself.
  useOwnKeys(model, { active: state.standalone && active, onQuit });
  const view = traceView(state, { width, height });
  return (
    <Box flexDirection="column" width={width} height={height} overflow="hidden">
      <Text wrap="truncate" bold {...(color && view.title.saved ? { color: 'green' } : {})}>
        {view.title.text}
      </Text>
      <Text wrap="truncate">{view.stats}</Text>
      <TraceChart {...view.chart} width={width} color={color} />
      <TraceLower {...view.lower} width={width} color={color} />
      <StatusBar hints={view.bar} width={width} color={color} />
    </Box>
  );
}
