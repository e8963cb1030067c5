import { Box, Text } from 'ink';
import { SETTING_LABELS, type SettingKey, type Settings } from '../../src/app/settings.js';
import { Pane } from '../Pane.js';

export const SETTING_FIELDS: SettingKey[] = ['provider', 'requestsPerMonth', 'freeTier', 'intervalMs', 'outDir'];

export interface SettingsFormProps {
  settings: Settings;
  selected: number;
  editing?: { key: SettingKey; value: string };
  /** Where the settings are kept, so the user knows what is being changed. */
  path: string;
  focused: boolean;
  color: boolean;
  width: number;
  height: number;
}

export function settingText(settings: Settings, key: SettingKey): string {
  const value = settings[key];
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (key === 'requestsPerMonth') return Number(value).toLocaleString('en-US');
  return String(value);
}

/** What Enter does on the selected setting, said under the form. */
export function settingNote(key: SettingKey, editing: boolean): string {
  if (editing) return 'Enter saves · Esc cancels';
  return key === 'provider' || key === 'freeTier' ? '← → or Enter changes it' : 'Enter edits';
}

/** The settings kept between sessions, one a line; the selected one can be edited in place. */
export function SettingsForm({ settings, selected, editing, path, focused, color, width, height }: SettingsFormProps) {
  return (
    <Pane title={`Settings (${path})`} focused={focused} color={color} width={width} height={height}>
      {SETTING_FIELDS.map((key, i) => {
        const isEditing = editing?.key === key;
        return (
          <Box key={key}>
            {/* The label keeps its width: a long value is cut at its own end, never into the label's padding. */}
            <Box flexShrink={0}>
              <Text bold={i === selected && focused}>{`${i === selected && focused ? '›' : ' '} ${SETTING_LABELS[key].padEnd(24)}`}</Text>
            </Box>
            <Text wrap="truncate" inverse={isEditing && !color} {...(isEditing && color ? { color: 'cyan' } : {})}>
              {isEditing ? `${editing.value}▏` : settingText(settings, key)}
            </Text>
          </Box>
        );
      })}
    </Pane>
  );
}
