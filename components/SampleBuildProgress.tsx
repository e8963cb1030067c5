import { Box, Text } from 'ink';
import { useEffect, useState } from 'react';
import type { SampleBuildRow } from '../src/report/sample-builds.js';

export interface SampleBuildProgressProps {
  rows: SampleBuildRow[];
}

const SPINNER = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];
const MARK: Record<Exclude<SampleBuildRow['state'], 'building'>, { text: string; color: string }> = {
  queued: { text: '·', color: 'gray' },
  done: { text: '✔', color: 'green' },
  failed: { text: '✘', color: 'red' },
};

/** One line per sample image: a spinner while it builds, then a tick or a cross with the outcome. */
export function SampleBuildProgress({ rows }: SampleBuildProgressProps) {
  const busy = rows.some((row) => row.state === 'building');
  const frame = useSpinner(busy);
  const width = Math.max(0, ...rows.map((row) => row.name.length));
  return (
    <Box flexDirection="column">
      {rows.map((row) => {
        const mark = row.state === 'building' ? { text: SPINNER[frame % SPINNER.length], color: 'cyan' } : MARK[row.state];
        return (
          <Box key={row.name}>
            <Text color={mark.color}>{mark.text} </Text>
            <Text bold={row.state === 'building'}>{row.name.padEnd(width)} </Text>
            <Text color={row.state === 'failed' ? 'red' : undefined} dimColor={row.state !== 'failed'}>
              {row.detail}
            </Text>
          </Box>
        );
      })}
    </Box>
  );
}

/** Ticks only while something builds, so a finished list leaves no timer behind. */
function useSpinner(active: boolean): number {
  const [frame, setFrame] = useState(0);
  useEffect(() => {
    if (!active) return undefined;
    const timer = setInterval(() => setFrame((f) => f + 1), 80);
    return () => clearInterval(timer);
  }, [active]);
  return frame;
}
