import { traceFileLabel } from '../../src/app/present/trace-files.js';
import type { TraceFile } from '../../src/app/services.js';
import { Pane } from '../Pane.js';
import { SelectList } from '../SelectList.js';

export interface TracesPaneProps {
  files: TraceFile[];
  /** The folder is still being read: the pane says so rather than "none yet". */
  loading: boolean;
  selected: number;
  folder: string;
  focused: boolean;
  color: boolean;
  width: number;
  height: number;
}

/** Raw traces already on disk; Enter opens one on the trace screen, read-only. */
export function TracesPane({ files, loading, selected, folder, focused, color, width, height }: TracesPaneProps) {
  const lines = files.map(traceFileLabel);
  return (
    <Pane
      title={`Recorded traces (${loading ? '…' : files.length}) in ${folder}`}
      focused={focused}
      color={color}
      width={width}
      height={height}
    >
      <SelectList
        lines={lines}
        selected={selected}
        height={Math.max(1, height - 3)}
        focused={focused}
        color={color}
        empty={loading ? 'reading the folder…' : 'none yet: trace an image'}
      />
    </Pane>
  );
}
