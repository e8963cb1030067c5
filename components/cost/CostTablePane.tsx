import { Text } from 'ink';
import type { costView } from '../../src/app/screens/cost/view-model.js';
import { Pane } from '../Pane.js';
import { SelectList } from '../SelectList.js';

export type CostTablePaneProps = NonNullable<ReturnType<typeof costView>['table']> & {
  color: boolean;
  width: number;
  height: number;
};

/** Every provider's price for the trace (an invoked function's per invocation), with the user's requests and free tier; ✓ marks the chosen provider. */
export function CostTablePane(props: CostTablePaneProps) {
  const { title, facts, header, lines, selected, focused, listHeight, color, width, height } = props;
  return (
    <Pane title={title} focused={focused} color={color} width={width} height={height}>
      {facts.map((line, i) => (
        <Text key={i} wrap="truncate" dimColor={color}>
          {line}
        </Text>
      ))}
      <Text wrap="truncate" bold>
        {header}
      </Text>
      <SelectList lines={lines} selected={selected} height={listHeight} focused={focused} color={color} />
    </Pane>
  );
}
