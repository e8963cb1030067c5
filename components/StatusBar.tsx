import { Text } from 'ink';
import { keyBar, type KeyHint } from '../src/app/present/key-bar.js';

export interface StatusBarProps {
  hints: KeyHint[];
  width: number;
  color: boolean;
}

/** The bottom line: the keys that work right now, as many as the width holds. */
export function StatusBar({ hints, width, color }: StatusBarProps) {
  return (
    <Text wrap="truncate" {...(color ? { color: 'black', backgroundColor: 'cyan' } : {})}>
      {keyBar(hints, width).padEnd(width)}
    </Text>
  );
}
