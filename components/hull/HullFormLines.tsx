import { Box, Text } from 'ink';
import type { HullField, HullForm, HullItem } from '../../src/app/screens/hull/form.js';

export interface HullFormLinesProps {
  form: HullForm;
  items: HullItem[];
  cursor: number;
  editing?: { field: HullField; value: string };
  /** False while training: the form shows what is being trained, and no cursor. */
  focused: boolean;
  color: boolean;
  width: number;
  /** Training a traced image with its options: said in place of the input ticks. */
  trainOn?: string;
}

const LABELS: Record<HullField, string> = { runs: 'Runs', step: 'Step', lookahead: 'Lookahead', buffer: 'Buffer' };
const UNITS: Record<HullField, string> = { runs: '', step: ' s', lookahead: '', buffer: ' %' };
const short = (name: string) => name.replace(/\.jpe?g$/i, '');

/** Two lines: the training images with their ticks, then the numbers and the test image. The cursor's stop is marked › and underlined. */
export function HullFormLines({ form, items, cursor, editing, focused, color, width, trainOn }: HullFormLinesProps) {
  const cell = (item: HullItem, i: number) => {
    const here = focused && i === cursor;
    let text: string;
    if (item.kind === 'input') text = `${form.chosen.includes(item.name) ? '[x]' : '[ ]'} ${short(item.name)}`;
    else if (item.kind === 'test') text = `Test on ${short(form.test)}`;
    else text = `${LABELS[item.field]} ${editing?.field === item.field ? `${editing.value}▏` : form[item.field]}${UNITS[item.field]}`;
    return (
      <Text key={i} bold={here} underline={here} {...(color && here ? { color: 'cyan' } : {})}>
        {`${here ? '›' : ' '}${text} `}
      </Text>
    );
  };
  const inputs = items.map((item, i) => [item, i] as const).filter(([item]) => item.kind === 'input');
  const rest = items.map((item, i) => [item, i] as const).filter(([item]) => item.kind !== 'input');
  return (
    <Box flexDirection="column" width={width}>
      <Box height={1} overflow="hidden">
        <Text>{'Train on'}</Text>
        {trainOn !== undefined ? <Text wrap="truncate">{` ${trainOn}`}</Text> : inputs.map(([item, i]) => cell(item, i))}
      </Box>
      <Box height={1} overflow="hidden">
        <Text>{'        '}</Text>
        {rest.map(([item, i]) => cell(item, i))}
      </Box>
    </Box>
  );
}
