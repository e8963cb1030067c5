export interface KeyHint {
  key: string;
  label: string;
}

/** Keys everyone knows once told: in a tight bar they go without their label. */
const WELL_KNOWN = new Set(['?', 'q']);
/** Help's label when the bar does not show every key that works: `? more`. */
export const MORE = 'more';

/**
 * The status bar: the keys that work now, in order. It tightens before it
 * drops anything: two spaces between hints, then one, then `?` and `q`
 * without their labels. Only past that do middle hints go (the last ones,
 * help and quit by convention, stay), and help then says `? more`: it lists
 * them all. `? more` keeps its word however tight the bar.
 */
export function keyBar(hints: KeyHint[], width: number, keepLast = 2): string {
  const full = (h: KeyHint) => `${h.key} ${h.label}`;
  const terse = (h: KeyHint) => (WELL_KNOWN.has(h.key) && h.label !== MORE ? h.key : full(h));
  for (const [text, gap] of [
    [full, '  '],
    [full, ' '],
    [terse, ' '],
  ] as const) {
    const bar = hints.map(text).join(gap);
    if ([...bar].length <= width) return bar;
  }
  const kept = hints.slice(-keepLast).map((h) => (h.key === '?' ? { ...h, label: MORE } : h));
  const rest = hints.slice(0, Math.max(0, hints.length - keepLast));
  const chosen: KeyHint[] = [];
  let used = kept.reduce((sum, h) => sum + terse(h).length + 1, 0);
  for (const hint of rest) {
    if (used + full(hint).length + 1 > width) break;
    chosen.push(hint);
    used += full(hint).length + 1;
  }
  return [...chosen.map(full), ...kept.map(terse)].join(' ').slice(0, width);
}
