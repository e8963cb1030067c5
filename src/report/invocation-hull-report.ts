import type { InvocationHull } from '../core/invocation-hull-file.js';

const mib = (mb: number | null) => (mb === null ? 'not traced' : `${mb.toFixed(1)} MiB`);

/** What a hull over invocations adds: the axis it is on, the init and idle figures kept apart, and the files with their use. */
export function formatInvocationHullLines(
  h: InvocationHull,
  files: { hull: string; uhull: string; invocationHull?: string } | undefined,
): string[] {
  const init = h.initDurationMs === null ? '' : `, at most ${h.initDurationMs.toFixed(1)} ms`;
  return [
    `Over ${h.warmInvocations} warm invocation(s), each from its event handed out; cold ones and failed ones left out.`,
    `Init (kept apart, ${h.containers} container(s)): peak ${mib(h.initPeakMb)}${init}; between invocations: peak ${mib(h.idlePeakMb)}.`,
    ...(files
      ? [
          `Wrote ${files.hull}`,
          `  and ${files.uhull} (one invocation's axis)`,
          `  and ${files.invocationHull} (both, with the init and idle peaks)`,
          'Autotune the function with it, per invocation:',
          `  functracer invoke --autotune ${files.invocationHull} IMAGE …`,
        ]
      : []),
  ];
}
