import { Box, Text } from 'ink';
import { fit } from '../src/report/fit.js';

type HeaderTone = 'ok' | 'busy' | 'error';

export interface HeaderProps {
  /** The engine's state in a few words. */
  status: string;
  tone: HeaderTone;
  /** What the screen shows, after the name. */
  place: string;
  width: number;
  color: boolean;
}

const TONE_COLOR: Record<HeaderTone, string> = { ok: 'green', busy: 'yellow', error: 'red' };

/** The top line: the app, where the user is, and whether the engine answers. */
export function Header({ status, tone, place, width, color }: HeaderProps) {
  const left = `functracer · ${place}`;
  const right = fit(status, Math.max(0, width - left.length - 2));
  return (
    <Box width={width} justifyContent="space-between">
      <Text bold wrap="truncate">
        {left}
      </Text>
      <Text wrap="truncate" {...(color ? { color: TONE_COLOR[tone] } : {})}>
        {right}
      </Text>
    </Box>
  );
}
