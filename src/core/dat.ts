import { UserError } from './errors.js';

/** One line of the original's multi-run table. */
export interface DatRow {
  durationMs: number;
  usedMb: number;
  billedMs: number;
  allocatedMb: number;
  totalCost: number;
  netCost: number;
  overheadCost: number;
}

const COLUMNS: (keyof DatRow)[] = ['durationMs', 'usedMb', 'billedMs', 'allocatedMb', 'totalCost', 'netCost', 'overheadCost'];

/** Enough digits for cents of a million requests and microseconds of runtime, without float noise. */
const format = (value: number) => String(Number(value.toPrecision(12)));

/** `time memory billed allocated cost net overhead`, space-separated, one run a line, no header. */
export function formatDat(rows: readonly DatRow[]): string {
  return rows.map((row) => `${COLUMNS.map((c) => format(row[c])).join(' ')}\n`).join('');
}

export function readDat(text: string, source: string): DatRow[] {
  return text
    .split('\n')
    .map((line, index) => [line.trim(), index + 1] as const)
    .filter(([line]) => line !== '' && !line.startsWith('#'))
    .map(([line, number]) => {
      const values = line.split(/\s+/).map(Number);
      if (values.length !== COLUMNS.length || values.some((v) => !Number.isFinite(v))) {
        throw new UserError(
          `${source} line ${number} does not hold seven numbers: ${JSON.stringify(line)}`,
          'Pass a .dat table written by functracer multi',
        );
      }
      return Object.fromEntries(COLUMNS.map((c, i) => [c, values[i]!])) as unknown as DatRow;
    });
}
