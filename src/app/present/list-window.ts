/** The slice of a list that fits `height` rows and shows `selected`, scrolling only as far as needed. */
export function visibleRange(total: number, selected: number, height: number, previousStart = 0): { start: number; end: number } {
  if (height <= 0 || total === 0) return { start: 0, end: 0 };
  let start = Math.min(previousStart, Math.max(0, total - height));
  if (selected < start) start = selected;
  if (selected >= start + height) start = selected - height + 1;
  start = Math.max(0, Math.min(start, Math.max(0, total - height)));
  return { start, end: Math.min(total, start + height) };
}

/** Moves a selection by `delta`, staying inside the list. */
export function moveSelection(selected: number, delta: number, total: number): number {
  if (total === 0) return 0;
  return Math.max(0, Math.min(total - 1, selected + delta));
}
