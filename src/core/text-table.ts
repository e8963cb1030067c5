import { terminalSafe } from './terminal-text.js';

/** One column of a text table: the full header, a shorter one for narrow widths, and how much it matters (0 most). */
export interface TableColumn {
  header: string;
  short?: string;
  align: 'left' | 'right';
  /** Columns are dropped highest number first when even short headers do not fit; 0 is never dropped. */
  priority: number;
}

const GAP = 2;
const length = (text: string) => [...text].length;

/**
 * Lays rows out in at most `width` columns: full headers if they fit, else
 * short headers, then low-priority columns dropped one by one. Returns the
 * header line and one line per row, and the columns kept.
 */
export function renderTable(columns: readonly TableColumn[], rows: readonly string[][], width: number): string[] {
  let kept = columns.map((_, i) => i);
  for (const useShort of [false, true]) {
    const lines = layout(columns, rows, kept, useShort);
    if (lines.every((l) => length(l) <= width)) return lines;
  }
  const byPriority = [...kept].sort((a, b) => columns[b]!.priority - columns[a]!.priority);
  for (const drop of byPriority) {
    if (columns[drop]!.priority === 0) break;
    kept = kept.filter((i) => i !== drop);
    const lines = layout(columns, rows, kept, true);
    if (lines.every((l) => length(l) <= width)) return lines;
  }
  return layout(columns, rows, kept, true);
}

function layout(columns: readonly TableColumn[], given: readonly string[][], kept: number[], useShort: boolean): string[] {
  // Cells can hold the user's text (a provider file's path): shown, never obeyed, and measured as shown.
  const rows = given.map((row) => row.map(terminalSafe));
  const header = kept.map((i) => (useShort ? (columns[i]!.short ?? columns[i]!.header) : columns[i]!.header));
  const widths = kept.map((i, k) => Math.max(length(header[k]!), ...rows.map((r) => length(r[i] ?? ''))));
  const line = (cells: string[]) =>
    cells
      .map((cell, k) => {
        const pad = ' '.repeat(widths[k]! - length(cell));
        return columns[kept[k]!]!.align === 'left' ? cell + pad : pad + cell;
      })
      .join(' '.repeat(GAP))
      .trimEnd();
  return [line(header), ...rows.map((r) => line(kept.map((i) => r[i] ?? '')))];
}
