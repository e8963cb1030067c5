import { Box, Text } from 'ink';
import { visibleRange } from '../src/app/present/list-window.js';
import { terminalSafe } from '../src/core/terminal-text.js';

export interface SelectListProps {
  lines: string[];
  selected: number;
  /** Rows available; the list scrolls to keep the selection in them. */
  height: number;
  focused: boolean;
  color: boolean;
  /** Shown when there are no lines. */
  empty?: string;
}

/**
 * Lines with a › on the selected one; colour adds a highlight, never replaces the marker. Lines name files,
 * images and runs, so they are shown terminal-safe: an escape in a file name is seen, never obeyed.
 */
export function SelectList({ lines, selected, height, focused, color, empty }: SelectListProps) {
  if (lines.length === 0) return <Text dimColor={color}>{empty ?? ''}</Text>;
  const { start, end } = visibleRange(lines.length, selected, height);
  return (
    <Box flexDirection="column">
      {lines.slice(start, end).map((line, i) => {
        const isSelected = start + i === selected;
        return (
          <Text key={start + i} wrap="truncate" {...(color && isSelected && focused ? { color: 'cyan' } : {})} bold={isSelected && focused}>
            {isSelected ? '› ' : '  '}
            {terminalSafe(line)}
          </Text>
        );
      })}
    </Box>
  );
}
