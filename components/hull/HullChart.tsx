import { Box, Text } from 'ink';
import type { Hull } from '../../src/core/hull.js';
import type { PlotTrace } from '../../src/core/plot-spec.js';
import type { Trace } from '../../src/core/trace.js';
import { limitChart, overlayLines } from '../../src/app/present/hull-chart.js';
import { legendLine, type LineStyle } from '../../src/core/ascii-chart.js';

export type HullChartProps = {
  width: number;
  /** Rows for the chart and its time axis; the legend takes one more. */
  height: number;
  color: boolean;
} & ({ view: 'training'; traces: PlotTrace[]; hull?: Hull; uhull?: Hull } | { view: 'test'; trace: Trace; samples: number; toMs: number });

/** The training overlay with its hulls, or the autotuned run's usage under its limit; a one-line legend under either. */
export function HullChart(props: HullChartProps) {
  const { width, height, color } = props;
  const lines =
    props.view === 'training'
      ? overlayLines(props.traces, props.hull, props.uhull, width, height, color)
      : limitChart(props.trace, { width, height, toMs: props.toMs, color });
  // Without colour each line is told apart by its style, as the chart draws it.
  const key = (tone: string, line: LineStyle, label: string) => (
    <Text>
      <Text {...(color ? { color: tone } : {})}>{color ? '── ' : `${legendLine(line)} `}</Text>
      {`${label}   `}
    </Text>
  );
  const runs = props.view === 'training' ? props.traces.length : 0;
  return (
    <Box flexDirection="column" flexShrink={0}>
      <Box flexDirection="column" height={height} flexShrink={0} overflow="hidden">
        {lines.length === 0 ? (
          <Text dimColor={color}>{props.view === 'training' ? 'No trace yet: press t to train.' : 'waiting for the first sample…'}</Text>
        ) : (
          lines.map((line, i) => (
            <Text key={i} wrap="truncate">
              {line}
            </Text>
          ))
        )}
      </Box>
      <Box height={1} overflow="hidden">
        {props.view === 'training' ? (
          <>
            {key('blue', 'light', `${runs} trace${runs === 1 ? '' : 's'}`)}
            {props.hull ? key('whiteBright', 'heavy', 'hull') : null}
            {props.uhull ? key('red', 'double', 'upscaling hull') : null}
          </>
        ) : (
          <>
            {key('cyan', 'light', 'usage')}
            {key('red', 'dashed', 'limit set by the autotuner')}
          </>
        )}
      </Box>
    </Box>
  );
}
