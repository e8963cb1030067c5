import type { Trace } from '../../core/trace.js';
import { columnPeaks } from '../../core/ascii-chart.js';
import { MIB } from '../../core/units.js';
import { firstThatFits } from '../../report/fit.js';
import { count } from '../../report/figures.js';

/** What one provider bills for a run, against what the run used. */
export interface BillingFacts {
  provider: string;
  durationMs: number;
  billedMs: number;
  usedMb: number;
  allocatedMb: number;
}

const LEVELS = [' ', '▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];
const LABEL = 9;

/**
 * The seed's billing picture on a character grid: memory used over time under
 * the allocated line (solid) and the used line (dashed), with the run's end
 * (dashed) and the billed end (solid). The gaps between them are what is paid
 * for and never used.
 */
export function billingCanvas(trace: Trace, facts: BillingFacts, width: number, height: number): string[] {
  const rows = Math.max(2, height);
  const columns = Math.max(4, width - LABEL - 1);
  const xEnd = Math.max(facts.billedMs, facts.durationMs, 1);
  const yTop = Math.max(facts.allocatedMb, facts.usedMb, 1);
  const rowOf = (mb: number) => rows - 1 - Math.min(rows - 1, Math.round((mb / yTop) * (rows - 1)));
  const colOf = (ms: number) => Math.min(columns - 1, Math.round((ms / xEnd) * (columns - 1)));
  const grid = Array.from({ length: rows }, () => Array.from({ length: columns }, () => ' '));

  // A gap in the sampling is filled by the next sample, whose window peak covers it.
  columnPeaks(trace, columns, 0, xEnd).forEach((bytes, x) => {
    if (Number.isNaN(bytes)) return;
    const eighths = Math.round((bytes / MIB / yTop) * rows * 8);
    for (let r = 0; r < rows; r++) {
      const fill = Math.max(0, Math.min(8, eighths - r * 8));
      if (fill > 0) grid[rows - 1 - r]![x] = LEVELS[fill]!;
    }
  });
  const usedRow = rowOf(facts.usedMb);
  const allocatedRow = rowOf(facts.allocatedMb);
  const ranCol = colOf(facts.durationMs);
  for (let x = 0; x < columns; x++) {
    if (grid[usedRow]![x] === ' ') grid[usedRow]![x] = '╌';
    grid[allocatedRow]![x] = '─';
  }
  for (let r = 0; r < rows; r++) {
    if (grid[r]![ranCol] === ' ' || grid[r]![ranCol] === '╌') grid[r]![ranCol] = '┆';
    grid[r]![columns - 1] = '│';
  }
  const label = (r: number) =>
    (r === allocatedRow ? `${facts.allocatedMb} MB` : r === usedRow ? `${facts.usedMb} MiB` : '').padStart(LABEL - 1);
  const lines = grid.map((cells, r) => `${label(r)}┤${cells.join('')}`);
  const axis = `${' '.repeat(LABEL - 1)}└${'─'.repeat(Math.max(0, ranCol))}┴${'─'.repeat(Math.max(0, columns - ranCol - 2))}┘`;
  const ends = `ran ${count(facts.durationMs)} ms ┆ billed ${count(facts.billedMs)} ms │`;
  return [...lines, axis, `${' '.repeat(LABEL)}0 ms${ends.padStart(Math.max(ends.length + 1, columns - 4))}`];
}

/**
 * One line naming what each mark on the canvas stands for, with its figures where the width allows. The canvas
 * repeats them (the MB on its axis, the ms under it), so a narrow screen drops them first, never the marks.
 */
export function billingLegend(facts: BillingFacts, width = 80): string {
  const allocated = `${count(facts.allocatedMb)} MB`;
  const used = `${count(facts.usedMb)} MiB`;
  const forms = [
    `${facts.provider}: ─ allocated ${allocated}  ╌ used ${used}  ┆ ran ${count(facts.durationMs)} ms  │ billed ${count(facts.billedMs)} ms`,
    `${facts.provider}: ─ allocated ${allocated}  ╌ used ${used}  ┆ ran  │ billed`,
    `${facts.provider}: ─ allocated  ╌ used  ┆ ran  │ billed`,
  ];
  return firstThatFits(forms, width);
}
