import { Text } from 'ink';
import type { ReactNode } from 'react';
import { mb } from '../../src/report/figures.js';
import type { SampleInputFile } from '../../src/app/services.js';
import { Pane } from '../Pane.js';
import { SelectList } from '../SelectList.js';

export interface InputsPaneProps {
  files: SampleInputFile[];
  selected: number;
  /** The input the selected function will read, marked with a ✓. */
  inUse?: string;
  /** False when the selected function reads no image: the pane is for browsing only. */
  takesImage: boolean;
  writing: boolean;
  /** ref-data is still being read: the pane says so rather than "no JPEGs". */
  listing: boolean;
  focused: boolean;
  color: boolean;
  width: number;
  height: number;
  /** Rows for the list when something comes under it; by default all the pane has. */
  listRows?: number;
  /** Under the list: a preview of the highlighted image. */
  children?: ReactNode;
}

/** The sample JPEGs in ref-data: name, size and dimensions. */
export function InputsPane({
  files,
  selected,
  inUse,
  takesImage,
  writing,
  listing,
  focused,
  color,
  width,
  height,
  listRows,
  children,
}: InputsPaneProps) {
  const nameWidth = Math.max(0, ...files.map((f) => f.name.length));
  const lines = files.map((f) => {
    const size = f.size ? `${f.size.width}×${f.size.height}` : 'not a JPEG';
    return `${f.name === inUse ? '✓' : ' '}${f.name.padEnd(nameWidth)} ${mb(f.bytes).padStart(7)} ${size}`;
  });
  return (
    <Pane
      title={takesImage ? 'Input image (Enter uses it)' : 'Input images (ref-data)'}
      focused={focused}
      color={color}
      width={width}
      height={height}
    >
      {writing ? <Text dimColor={color}>writing the sample JPEGs…</Text> : null}
      <SelectList
        lines={lines}
        selected={selected}
        height={listRows ?? Math.max(1, height - 3 - (writing ? 1 : 0))}
        focused={focused}
        color={color}
        empty={listing ? 'reading ref-data…' : 'no JPEGs in ref-data'}
      />
      {children}
    </Pane>
  );
}
