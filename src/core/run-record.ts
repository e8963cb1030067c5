import { z } from 'zod';
import { runPlanSchema } from './run-plan.js';

/** The phases of a function that serves events instead of exiting (a Lambda runtime): its init, each invocation, the idle time between. */
const phaseNameSchema = z.enum(['init', 'invoke', 'idle']);
export type PhaseName = z.infer<typeof phaseNameSchema>;

/** How an invocation ended: its response, an error it reported, Lambda's timeout, a crash, or a stop. */
const outcomeSchema = z.enum(['response', 'error', 'timeout', 'crash', 'interrupted']);
export type InvocationOutcome = z.infer<typeof outcomeSchema>;

/** What the driver of a run knows of a phase beyond its times and peak. */
const phaseDetailSchema = z.strictObject({
  /** 1 for the first event handed out in the whole session, and so on. */
  invocation: z.number().int().positive().optional(),
  requestId: z.string().max(100).optional(),
  /** The container's first invocation: it paid for the init. */
  cold: z.boolean().optional(),
  outcome: outcomeSchema.optional(),
  errorType: z.string().max(200).optional(),
  errorMessage: z.string().max(1000).optional(),
  /** The answer's size in bytes. */
  responseBytes: z.number().int().nonnegative().optional(),
});
export type PhaseDetail = z.infer<typeof phaseDetailSchema>;

const phaseSchema = phaseDetailSchema.extend({
  name: phaseNameSchema,
  /** From the API event that began it (the first phase: the trace's start), ms after the trace's start row. */
  startMs: z.number(),
  endMs: z.number(),
  /** The kernel's mark over the phase alone, where a reading fell in it. */
  peakBytes: z.number().nonnegative().nullable(),
  samples: z.number().int().nonnegative(),
  /** How long after the event the sampler's boundary reading came, ms; null where it takes none (the stats API). */
  boundaryLagMs: z.number().nullable(),
  /** The first phase's start: the exec the sampler saw, the function's first call out, or Docker's StartedAt. */
  startFrom: z.enum(['exec', 'call', 'engine']).optional(),
  /**
   * Where the first phase starts at the function's first call (nothing saw it start before): the phase lasted at
   * most this long, from the start request to its end, ms.
   */
  durationAtMostMs: z.number().nonnegative().optional(),
});
export type PhaseFigures = z.infer<typeof phaseSchema>;

/** Phases a record may hold: an init, and an invocation and an idle time for each of at most MAX_INVOCATIONS events. */
const MAX_PHASES = 2 * 1000 + 2;

/** A Lambda-style run as `functracer invoke` served it: the memory size it was told, and its phases. */
const lambdaSchema = z.strictObject({
  memorySizeMb: z.number().positive(),
  timeoutMs: z.number().positive(),
  phases: z.array(phaseSchema).max(MAX_PHASES),
});

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
    /** Only for a run of `functracer invoke`. */
    lambda: lambdaSchema.optional(),
    /** The cluster node a run of `--on swarm` ran on; absent for a run on the coordinator's own engine. */
    node: z.string().max(200).optional(),
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

/** `functracer-…-rawresults.csv` → `functracer-…-responses.jsonl`: an invoked function's answers, one a line, beside its trace. */
export function runResponsesPath(rawCsv: string): string {
  return /-rawresults\.csv$/i.test(rawCsv) ? rawCsv.replace(/-rawresults\.csv$/i, '-responses.jsonl') : `${rawCsv}.responses.jsonl`;
}

/** `functracer-…-rawresults.csv` → `functracer-…-output.txt`: what the function printed, beside its trace. */
export function runOutputPath(rawCsv: string): string {
  return /-rawresults\.csv$/i.test(rawCsv) ? rawCsv.replace(/-rawresults\.csv$/i, '-output.txt') : `${rawCsv}.output.txt`;
}
