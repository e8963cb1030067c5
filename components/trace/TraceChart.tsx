import { Box, Text } from 'ink';
import type { Trace } from '../../src/core/trace.js';
import { plotTrace, sparkline, sparklineTopMb } from '../../src/app/present/chart.js';
import { grouped } from '../../src/core/units.js';
import { withMarkers, type PhaseRow } from '../../src/app/present/phase-marks.js';

export interface TraceChartProps {
  trace: Trace;
  /** Part of `samples` only so the chart redraws when the trace grows in place. */
  samples: number;
  toMs: number;
  width: number;
  /** Rows for the plot and its time axis. */
  height: number;
  color: boolean;
  /** What stands in for the chart while it has no sample: by default, that one is awaited. */
  empty?: string;
  /** An invoked function's phases: a marker column where each invocation began, and their labels under the axis. */
  phases?: PhaseRow;
}

/** MiB against seconds, and under it a sparkline of the last two seconds on a fixed, labelled scale. */
export function TraceChart({ trace, toMs, width, height, color, phases, empty = 'waiting for the first sample…' }: TraceChartProps) {
  // The phases' labels take a row of the plot's.
  const plotted = trace.length === 0 ? [] : plotTrace(trace, { width, height: phases ? height - 1 : height, toMs, color });
  const lines =
    phases && plotted.length > 0 ? [...withMarkers(plotted.slice(0, -1), phases.markers, color), plotted.at(-1)!, phases.row] : plotted;
  const top = sparklineTopMb(trace);
  const label = `recent 2 s, 0–${grouped(top, top < 1 ? 1 : 0)} MiB `;
  const spark = sparkline(trace, Math.max(0, width - label.length - 11), 2000, top);
  return (
    <Box flexDirection="column" flexShrink={0}>
      <Box flexDirection="column" height={height} flexShrink={0} overflow="hidden">
        {lines.length === 0 ? (
          <Text dimColor={color}>{empty}</Text>
        ) : (
          lines.map((line, i) => (
            <Text key={i} wrap="truncate">
              {line}
            </Text>
          ))
        )}
      </Box>
      <Text wrap="truncate">
        {label}
        <Text {...(color ? { color: 'cyan' } : {})}>{spark}</Text>
      </Text>
    </Box>
  );
}
