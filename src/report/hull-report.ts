import path from 'node:path';
import type { StopSignal } from '../core/errors.js';
import { bucketKey, type Hull } from '../core/hull.js';

/** What an interrupted training did and did not write, first in the report so it cannot be missed. */
export function hullInterruptedLines(
  outcome: { runs?: { asked: number; finished: number }; stoppedBy?: StopSignal },
  out: string,
  written: boolean,
): string[] {
  const runs = outcome.runs ? ` after ${outcome.runs.finished} of ${outcome.runs.asked} training runs` : '';
  const first = `Interrupted by ${outcome.stoppedBy ?? 'SIGINT'}${runs}.`;
  if (written) return [`${first} --partial: the hull below is written from these runs only.`];
  return [
    `${first} No hull files written: ${path.join(out, 'hull.json')} and uhull.json are as they were.`,
    `To write this partial hull anyway, add --partial; the traces are kept in ${out}.`,
  ];
}

/** The hull's steps and peaks, the runs left out of it with where their traces are, and the files written with how to use them. */
export function formatHullReport(
  hull: Hull,
  uhull: Hull,
  files: { hull: string; uhull: string } | undefined,
  traces: number,
  excluded: readonly { input: string; reason: string; rawCsv: string | null }[],
): string {
  const peak = (h: Hull) => Math.max(0, ...h.mb).toFixed(1);
  const left =
    excluded.length === 0
      ? []
      : [
          `Left out ${excluded.length} failed run(s); their traces are kept:`,
          ...excluded.flatMap((e) => [`  ${path.basename(e.input)}: ${e.reason}`, ...(e.rawCsv ? [`    ${e.rawCsv}`] : [])]),
        ];
  return [
    `Hull over ${traces} trace(s): ${hull.buckets.length} steps of ${hull.stepMs / 1000} s up to ${bucketKey(hull.buckets.at(-1) ?? 0, hull.stepMs)} s`,
    `  peak ${peak(hull)} MiB; upscaling hull peak ${peak(uhull)} MiB`,
    ...left,
    ...(files
      ? [`Wrote ${files.hull}`, `  and ${files.uhull}`, 'Autotune a run with it:', `  functracer run --uhull ${files.uhull} IMAGE …`]
      : []),
  ].join('\n');
}
