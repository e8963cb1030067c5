import { Box, Text } from 'ink';
import { fitStart } from '../../src/report/fit.js';
import type { RunForm } from '../../src/app/run-form.js';
import type { FormField } from '../../src/app/screens/home/state.js';
import { Pane } from '../Pane.js';

const FIELD_LABELS: Record<FormField, string> = {
  volumes: 'Volumes',
  scratchFrom: 'Copy of',
  memory: 'Memory',
  args: 'Args',
  events: 'Events',
  invocations: 'Invokes',
};

const FIELD_NOTES: Record<FormField, string> = {
  volumes: 'host:container[:ro], space-separated',
  scratchFrom: 'copied afresh each run and mounted at /d',
  memory: 'limit such as 256m; empty for none',
  args: 'the function’s arguments',
  events: 'JSON or JSON-lines files; empty: one {}',
  invocations: 'events handed out; empty: one per event',
};

export interface OptionsPaneProps {
  image: string;
  form: RunForm;
  fields: FormField[];
  selected: number;
  /** The field being typed into, with its text so far. */
  editing?: { field: FormField; value: string };
  focused: boolean;
  color: boolean;
  width: number;
  height: number;
}

/** The docker-run options for the selected image, one field a line, the selected one explained. */
export function OptionsPane({ image, form, fields, selected, editing, focused, color, width, height }: OptionsPaneProps) {
  const valueWidth = Math.max(4, width - 14);
  const current = fields[selected];
  return (
    <Pane title={`Options · ${image}`} focused={focused} color={color} width={width} height={height}>
      {fields.map((field, i) => {
        const isEditing = editing?.field === field;
        const value = isEditing ? `${editing.value}▏` : form[field] || '–';
        const marker = i === selected && focused ? '›' : ' ';
        return (
          <Box key={field}>
            <Text bold={i === selected && focused}>{`${marker} ${FIELD_LABELS[field].padEnd(8)} `}</Text>
            <Text wrap="truncate" {...(color && isEditing ? { color: 'cyan' } : {})} inverse={isEditing && !color}>
              {fitStart(value, valueWidth)}
            </Text>
          </Box>
        );
      })}
      {current && focused ? (
        <Text dimColor={color} wrap="truncate">{`  ${editing ? 'Enter saves · Esc cancels' : FIELD_NOTES[current]}`}</Text>
      ) : null}
    </Pane>
  );
}
