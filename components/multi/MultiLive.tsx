import { Box, Text } from 'ink';
import { count, mb, seconds } from '../../src/report/figures.js';
import { estimateText } from '../../src/core/estimate.js';
import { wrapWords } from '../../src/core/text-width.js';
import type { MultiSnapshot } from '../../src/app/multi-session.js';
import { TraceChart } from '../trace/TraceChart.js';

export interface MultiLiveProps {
  snapshot: MultiSnapshot;
  width: number;
  /** Rows in all: the progress line, the chart and its sparkline. */
  height: number;
  color: boolean;
}

/** The run going now: where it is, and a small chart of it; or, after the first of a long series, whether to go on. */
export function MultiLive({ snapshot, width, height, color }: MultiLiveProps) {
  if (snapshot.confirm) {
    const ask = wrapWords(`Go on? ${estimateText(snapshot.confirm)}. y goes on; x stops here, keeping the first run.`, width);
    return (
      <Box flexDirection="column" height={height}>
        {ask.slice(0, height).map((line, i) => (
          <Text key={i} wrap="truncate" {...(color ? { color: 'yellow' } : {})}>
            {line}
          </Text>
        ))}
      </Box>
    );
  }
  const current = snapshot.current;
  const trace = current?.trace;
  const last = trace && trace.length > 0 ? trace.length - 1 : -1;
  const progress =
    current && trace
      ? `run ${current.index + 1}/${snapshot.runs} · ${seconds(trace.lastTime ?? 0)} · ${count(current.samples)} samples · now ${last >= 0 ? mb(trace.bytesAt(last)) : '–'} · peak ${mb(trace.peakBytes)}`
      : `${snapshot.status}…`;
  return (
    <Box flexDirection="column" height={height}>
      <Text wrap="truncate" {...(color ? { color: 'yellow' } : {})}>
        {progress}
      </Text>
      {current && trace ? (
        <TraceChart
          trace={trace}
          samples={current.samples}
          toMs={Math.max(trace.lastTime ?? 0, 1000)}
          width={width}
          height={height - 2}
          color={color}
        />
      ) : null}
    </Box>
  );
}
