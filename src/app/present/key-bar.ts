export interface KeyHint {
  key: string;
  label: string;
}

/**
 * The status bar: the keys that work now, in order, as many as fit. The last
 * hints (help and quit, by convention) are kept even when middle ones must go.
 */
export function keyBar(hints: KeyHint[], width: number, keepLast = 2): string {
  const text = (h: KeyHint) => `${h.key} ${h.label}`;
  const kept = hints.slice(-keepLast);
  const rest = hints.slice(0, Math.max(0, hints.length - keepLast));
  const chosen: KeyHint[] = [];
  let used = kept.reduce((sum, h) => sum + text(h).length + 2, 0);
  for (const hint of rest) {
    if (used + text(hint).length + 2 > width) break;
    chosen.push(hint);
    used += text(hint).length + 2;
  }
  return [...chosen, ...kept].map(text).join('  ').slice(0, width);
}
