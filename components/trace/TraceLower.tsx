import { Box, Text } from 'ink';
import { ErrorLine } from '../ErrorLine.js';
import type { Trace } from '../../src/core/trace.js';
import { billingCanvas, billingLegend, type BillingFacts } from '../../src/app/present/billing.js';
import type { ScreenError } from '../../src/app/screen-error.js';
import { errorLines, messageRows } from '../../src/app/present/message-lines.js';
import type { LowerView } from '../../src/app/screens/trace/state.js';

export interface TraceLowerProps {
  view: LowerView;
  trace: Trace;
  billing?: BillingFacts;
  report: string[];
  /** First report line shown; the screen scrolls it with j/k. */
  scroll: number;
  error?: ScreenError;
  /** The keys that work after an error, as the screen offers them; none when the screen closes by itself. */
  afterError?: string;
  /** A problem the last key met (an export that failed): it takes the pane's first rows, the view the rest. */
  notice?: ScreenError;
  width: number;
  height: number;
  color: boolean;
}

/** Under the chart: what went wrong, the report once the run ended, or the billing canvas. */
export function TraceLower(props: TraceLowerProps) {
  const { notice, width, height, color } = props;
  if (!notice) return <LowerPane {...props} />;
  const rows = Math.min(messageRows(notice, width), errorLines(notice, width, Math.max(1, height - 1)).length);
  return (
    <Box flexDirection="column" height={height} flexShrink={0} overflow="hidden">
      <ErrorLine error={notice} width={width} rows={rows} color={color} />
      <LowerPane {...props} height={height - rows} />
    </Box>
  );
}

function LowerPane({ view, trace, billing, report, scroll, error, afterError, width, height, color }: TraceLowerProps) {
  if (error) {
    return (
      <Box flexDirection="column" height={height} flexShrink={0} overflow="hidden">
        <ErrorLine error={error} width={width} rows={Math.max(1, afterError ? height - 1 : height)} color={color} />
        {afterError ? <Text dimColor={color}>{afterError}</Text> : null}
      </Box>
    );
  }
  if (view === 'report' && report.length > 0) {
    const rows = Math.max(1, height - 1);
    return (
      <Box flexDirection="column" height={height} flexShrink={0} overflow="hidden">
        <Text
          bold
          wrap="truncate"
        >{`Report ${report.length > rows ? `(lines ${scroll + 1}–${Math.min(report.length, scroll + rows)} of ${report.length}, j/k scroll)` : ''}`}</Text>
        {report.slice(scroll, scroll + rows).map((line, i) => (
          <Text key={i} wrap="truncate">
            {line || ' '}
          </Text>
        ))}
      </Box>
    );
  }
  if (!billing) return <Box height={height} flexShrink={0} />;
  const canvas = billingCanvas(trace, billing, width, Math.max(2, height - 3));
  return (
    <Box flexDirection="column" height={height} flexShrink={0} overflow="hidden">
      <Text bold wrap="truncate" {...(color ? { color: 'yellow' } : {})}>
        {billingLegend(billing, width)}
      </Text>
      {canvas.map((line, i) => (
        <Text key={i} wrap="truncate">
          {line}
        </Text>
      ))}
    </Box>
  );
}
