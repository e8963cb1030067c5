import { Text } from 'ink';
import type { SampleBuildRow } from '../../src/report/sample-builds.js';
import { firstThatFits } from '../../src/report/fit.js';
import { mb } from '../../src/report/figures.js';
import type { ImageRow, SortKey } from '../../src/app/present/image-rows.js';
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
  /** The engine did not answer: its error is in the screen's message rows, the pane says so in a line. */
  unreachable: boolean;
  connecting: boolean;
  /** The engine is not yet asked which samples are built: their rows say so rather than "needs the engine". */
  checking: boolean;
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
  unreachable,
  connecting,
  checking,
  focused,
  color,
  width,
  height,
}: ImageListPaneProps) {
  const progress = new Map(building.map((row) => [row.name, row]));
  const nameWidth = Math.min(24, Math.max(12, ...rows.map((r) => r.ref.length)));
  const lines = rows.map((row) => `${row.ref.padEnd(nameWidth)} ${detail(row, progress.get(row.ref), checking)}`);
  const filterText = filtering ? `  /${filter}▏` : filter ? `  /${filter}` : '';
  const inner = Math.max(1, width - 2);
  const listRows = Math.max(1, height - 3 - (unreachable || connecting ? 1 : 0));
  const note = unreachable
    ? firstThatFits(['✘ engine unreachable (see below) · r retries', '✘ engine unreachable · r retries', '✘ no engine · r retries'], inner)
    : 'connecting to the Docker engine…';
  return (
    <Pane title={`Images (${rows.length}) · sort: ${sort}${filterText}`} focused={focused} color={color} width={width} height={height}>
      {unreachable || connecting ? (
        <Text wrap="truncate" {...(unreachable && color ? { color: 'red' } : {})} dimColor={connecting && color}>
          {note}
        </Text>
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

function detail(row: ImageRow, build: SampleBuildRow | undefined, checking: boolean): string {
  if (build && build.state !== 'done') return build.detail;
  if (row.state === 'unknown') return checking ? 'checking…' : 'needs the engine';
  if (row.state === 'missing') return 'not built';
  if (row.state === 'stale') return 'outdated';
  return row.sizeBytes === undefined ? '' : mb(row.sizeBytes);
}
