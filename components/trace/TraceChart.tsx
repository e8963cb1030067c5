import { Box, Text } from 'ink';
import type { Trace } from '../../src/core/trace.js';
import { plotTrace, sparkline } from '../../src/app/present/chart.js';

export interface TraceChartProps {
  trace: Trace;
  /** Part of `samples` only so the chart redraws when the trace grows in place. */
  samples: number;
  toMs: number;
  width: number;
  /** Rows for the plot and its time axis. */
  height: number;
  color: boolean;
}

/** MB against seconds, and under it a sparkline of the last two seconds. */
export function TraceChart({ trace, toMs, width, height, color }: TraceChartProps) {
  const lines = trace.length === 0 ? [] : plotTrace(trace, { width, height, toMs, color });
  const spark = sparkline(trace, Math.max(0, width - 24));
  return (
    <Box flexDirection="column">
      <Box flexDirection="column" height={height}>
        {lines.length === 0 ? (
          <Text dimColor={color}>waiting for the first sample…</Text>
        ) : (
          lines.map((line, i) => (
            <Text key={i} wrap="truncate">
              {line}
            </Text>
          ))
        )}
      </Box>
      <Text wrap="truncate">
        {'recent (2 s) '}
        <Text {...(color ? { color: 'cyan' } : {})}>{spark}</Text>
      </Text>
    </Box>
  );
}
