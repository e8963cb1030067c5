import { z } from 'zod';
import { UserError } from './errors.js';
import { hullToJson, type Hull } from './hull.js';

/** The file `hull` writes beside hull.json and uhull.json when it trains over invocations. */
export const INVOCATION_HULL_FILE = 'invocation-hull.json';

const FORMAT = 'functracer-invocation-hull';

/** A hull of one warm invocation, with the init and the idle time kept apart: what `invoke --autotune` replays. */
export interface InvocationHull {
  /** Over warm invocations, each from its event handed out; as in hull.json. */
  hull: Hull;
  /** As in uhull.json: floored at the engine's minimum. */
  uhull: Hull;
  /** The highest init's kernel peak, MB, and its longest duration, ms; null where no init was traced. */
  initPeakMb: number | null;
  initDurationMs: number | null;
  /** The highest kernel peak between invocations, MB. */
  idlePeakMb: number | null;
  warmInvocations: number;
  containers: number;
}

const mb = z
  .number()
  .nonnegative()
  .max(2 ** 30)
  .nullable();

/** Version 1; a reader refuses a later version instead of guessing at it. */
const fileSchema = z.object({
  format: z.literal(FORMAT),
  version: z.literal(1),
  axis: z.literal('invocation'),
  init: z.object({ peakMb: mb, durationMs: z.number().nonnegative().nullable(), containers: z.number().int().nonnegative() }),
  idle: z.object({ peakMb: mb }),
  warmInvocations: z.number().int().nonnegative(),
  hull: z.record(z.string(), z.unknown()),
  uhull: z.record(z.string(), z.unknown()),
});

export function invocationHullToJson(h: InvocationHull): object {
  return {
    format: FORMAT,
    version: 1,
    axis: 'invocation',
    init: { peakMb: h.initPeakMb, durationMs: h.initDurationMs, containers: h.containers },
    idle: { peakMb: h.idlePeakMb },
    warmInvocations: h.warmInvocations,
    hull: hullToJson(h.hull),
    uhull: hullToJson(h.uhull),
  };
}

/** Whether a parsed file says it is an invocation hull (then it must be a whole one); a plain uhull.json does not. */
export function isInvocationHullJson(value: unknown): boolean {
  return typeof value === 'object' && value !== null && (value as { format?: unknown }).format === FORMAT;
}

/** The file's figures, with its hull and uhull still as the original format's objects, for the hull reader to check. */
export function parseInvocationHull(value: unknown, source: string) {
  const parsed = fileSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new UserError(
      `${source} is not an invocation hull functracer can read: ${issue.path.join('.') || 'the file'}: ${issue.message}`,
      'Train it again with functracer hull --invoke IMAGE or --from the traces of functracer invoke',
    );
  }
  return parsed.data;
}
