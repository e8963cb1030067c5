import { Text } from 'ink';
import type { SampleBuildRow } from '../SampleBuildProgress.js';
import { mb } from '../../src/app/present/format.js';
import type { ImageRow, SortKey } from '../../src/app/present/image-rows.js';
import type { ScreenError } from '../../src/app/trace-session.js';
import { Pane } from '../Pane.js';
import { SelectList } from '../SelectList.js';

export interface ImageListPaneProps {
  rows: ImageRow[];
  selected: number;
  filter: string;
  filtering: boolean;
  sort: SortKey;
  /** Rows from the sample build, by image name, while one runs. */
  building: SampleBuildRow[];
  engineError?: ScreenError;
  connecting: boolean;
  focused: boolean;
  color: boolean;
  width: number;
  height: number;
}

/** The images to trace: samples with their build state, then the engine's own. */
export function ImageListPane({
  rows,
  selected,
  filter,
  filtering,
  sort,
  building,
  engineError,
  connecting,
  focused,
  color,
  width,
  height,
}: ImageListPaneProps) {
  const progress = new Map(building.map((row) => [row.name, row]));
  const nameWidth = Math.min(24, Math.max(12, ...rows.map((r) => r.ref.length)));
  const lines = rows.map((row) => `${row.ref.padEnd(nameWidth)} ${detail(row, progress.get(row.ref))}`);
  const filterText = filtering ? `  /${filter}▏` : filter ? `  /${filter}` : '';
  const inner = Math.max(1, width - 2);
  const message = engineError ? [`✘ ${engineError.message}`, `Try: ${engineError.hint ?? 'start the engine'}`] : [];
  // The message wraps; the list gets the rows it leaves, but always a few.
  const messageRows =
    message.reduce((rows, line) => rows + Math.ceil(line.length / inner), 0) + (engineError ? 1 : 0) + (connecting ? 1 : 0);
  const listRows = Math.max(3, height - 3 - messageRows);
  return (
    <Pane title={`Images (${rows.length}) · sort: ${sort}${filterText}`} focused={focused} color={color} width={width} height={height}>
      {engineError ? (
        <>
          <Text wrap="wrap" {...(color ? { color: 'red' } : {})}>
            {message[0]}
          </Text>
          <Text wrap="wrap">{message[1]}</Text>
          <Text wrap="truncate" dimColor={color}>
            r retries · inputs and recorded traces still work (Tab)
          </Text>
        </>
      ) : connecting ? (
        <Text dimColor={color}>connecting to the Docker engine…</Text>
      ) : null}
      <SelectList
        lines={lines}
        selected={selected}
        height={listRows}
        focused={focused}
        color={color}
        empty={filter ? `nothing matches /${filter}` : 'no images'}
      />
    </Pane>
  );
}

function detail(row: ImageRow, build: SampleBuildRow | undefined): string {
  if (build && build.state !== 'done') return build.detail;
  if (row.state === 'unknown') return 'needs the engine';
  if (row.state === 'missing') return 'not built';
  if (row.state === 'stale') return 'outdated';
  return row.sizeBytes === undefined ? '' : mb(row.sizeBytes);
}
