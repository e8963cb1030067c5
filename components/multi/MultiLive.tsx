import { Box, Text } from 'ink';
import type { MultiLiveView } from '../../src/app/screens/multi/view-model.js';
import { TraceChart } from '../trace/TraceChart.js';

export interface MultiLiveProps extends MultiLiveView {
  width: number;
  color: boolean;
}

/** The run going now: where it is, and a small chart of it; or, after the first of a long series, whether to go on. */
export function MultiLive({ ask, progress, chart, width, height, color }: MultiLiveProps) {
  const yellow = color ? { color: 'yellow' } : {};
  if (ask) {
    return (
      <Box flexDirection="column" height={height}>
        {ask.slice(0, height).map((line, i) => (
          <Text key={i} wrap="truncate" {...yellow}>
            {line}
          </Text>
        ))}
      </Box>
    );
  }
  return (
    <Box flexDirection="column" height={height}>
      <Text wrap="truncate" {...yellow}>
        {progress}
      </Text>
      {chart ? <TraceChart {...chart} width={width} height={height - 2} color={color} /> : null}
    </Box>
  );
}
