import { z } from 'zod';
import { runPlanSchema } from './run-plan.js';

/**
 * What a raw trace cannot say about its run, kept beside it as
 * `…-run.json`: what ran, the kernel's peak where it is not a sample, and the
 * CPU time. With it, `cost --trace`, `plot` and the TUI price a recorded run on
 * exactly the figures its own report used.
 */
export const runRecordSchema = z
  .object({
    image: z.string(),
    args: z.array(z.string()),
    /** Docker's own timestamps. */
    startedAt: z.string(),
    finishedAt: z.string(),
    /** From the trace's start row to its finish row. */
    durationMs: z.number().nonnegative(),
    durationSource: z.enum(['engine', 'exec', 'samples', 'exec+samples', 'unknown']),
    peakBytes: z.number().nonnegative(),
    peakSource: z.enum(['kernel', 'sampled']),
    cpuMs: z.number().nonnegative().nullable(),
    exitCode: z.number().int(),
    oomKilled: z.boolean(),
    interrupted: z.boolean(),
    samples: z.number().int().nonnegative(),
    /** Records from before it say only the image and its arguments. */
    plan: runPlanSchema.optional(),
  })
  // Only what functracer writes: a key it never writes makes the file something else, refused as a whole.
  .strict();

export type RunRecord = z.infer<typeof runRecordSchema>;

/** functracer writes about 1 KB; a record larger than this is not one of its own, and is not read at all. */
export const MAX_RECORD_BYTES = 1024 * 1024;

/** `functracer-…-rawresults.csv` → `functracer-…-run.json`; other names get `.run.json` added. */
export function runRecordPath(rawCsv: string): string {
  return /-rawresults\.csv$/i.test(rawCsv) ? rawCsv.replace(/-rawresults\.csv$/i, '-run.json') : `${rawCsv}.run.json`;
}

/** `functracer-…-rawresults.csv` → `functracer-…-output.txt`: what the function printed, beside its trace. */
export function runOutputPath(rawCsv: string): string {
  return /-rawresults\.csv$/i.test(rawCsv) ? rawCsv.replace(/-rawresults\.csv$/i, '-output.txt') : `${rawCsv}.output.txt`;
}
