import { Text } from 'ink';
import type { costView } from '../../src/app/screens/cost/view-model.js';
import { Pane } from '../Pane.js';
import { SelectList } from '../SelectList.js';

export type CostTablePaneProps = NonNullable<ReturnType<typeof costView>['table']> & {
  color: boolean;
  width: number;
  height: number;
};

/** Every provider's price for the trace, with the user's requests and free tier; ✓ marks the chosen provider. */
export function CostTablePane({ facts, header, lines, selected, focused, listHeight, color, width, height }: CostTablePaneProps) {
  return (
    <Pane title="Providers (Enter picks the one the trace screen bills)" focused={focused} color={color} width={width} height={height}>
      <Text wrap="truncate" dimColor={color}>
        {facts}
      </Text>
      <Text wrap="truncate" bold>
        {header}
      </Text>
      <SelectList lines={lines} selected={selected} height={listHeight} focused={focused} color={color} />
    </Pane>
  );
}
