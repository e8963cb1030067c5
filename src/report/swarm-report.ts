import { terminalSafe } from '../core/terminal-text.js';
import { wrapWords } from '../core/text-width.js';

/** The nodes the runs went to and the runs the swarm lost, after a table or hull of runs made with --on swarm. */
export function swarmLines(
  results: readonly { node?: string }[],
  lost: readonly { run: number; node: string; message: string }[],
  width: number,
  /** What a lost run is left out of: the table of `multi`, the hull of a training. */
  outOf = 'the table',
): string[] {
  const counts = new Map<string, number>();
  for (const r of results) counts.set(r.node ?? '?', (counts.get(r.node ?? '?') ?? 0) + 1);
  const spread = [...counts].map(([node, n]) => `${terminalSafe(node)} ×${n}`).join(', ');
  const lines = wrapWords(`Nodes: ${spread || 'none'}`, width);
  for (const l of lost) lines.push(...wrapWords(`Run ${l.run} lost, not in ${outOf}: ${terminalSafe(l.message)}`, width));
  return lines;
}
