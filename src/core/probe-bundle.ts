import { gunzipSync, gzipSync } from 'node:zlib';
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { UserError } from './errors.js';
import { runPlanSchema } from './run-plan.js';

/**
 * How a probe hands its run back to the coordinator: through its own standard output, which the cluster keeps as
 * the task's log (`docker service logs`), so it works wherever the coordinator can reach the manager and nothing
 * else: no shared folder, no registry write, no port. The bundle is gzipped JSON in base64 lines short enough for
 * any log driver (the engine splits lines at 16 KiB), numbered, and closed by a line with their count and digest,
 * so a log cut short (a node that died while it was read) is told apart from a whole one.
 */
const MARK = 'functracer-probe';
const CHUNK_CHARS = 8000;
/** A bundle holds one run's trace: a 1 kHz hour is about 120 MB of CSV, which gzip brings well under this. */
const MAX_BUNDLE_CHARS = 256 * 1024 * 1024;

/** Four files for each container of the longest invoke session, which MAX_BUNDLE_CHARS bounds in bytes too. */
const MAX_BUNDLE_FILES = 4 * 1001;

const fileSchema = z.strictObject({ name: z.string().regex(/^[\w.-]+$/), data: z.string() });

const probeBundleSchema = z.strictObject({
  version: z.literal(1),
  /** The run's figures as the probe's tracer gave them (a RunResult without its trace). */
  result: z.record(z.string(), z.unknown()).optional(),
  /**
   * The files the run wrote beside each other (raw CSV, run record, output), by base name, in base64. An invoke
   * session's containers each write a trace, a record, their answers and output, and every timed-out invocation
   * starts another container: up to 1,001 containers for a session of 1,000 (invoke's most).
   */
  files: z.array(fileSchema).max(MAX_BUNDLE_FILES),
  /** What stopped the probe before a result, in its own words. */
  error: z.strictObject({ message: z.string(), hint: z.string().optional(), user: z.boolean() }).optional(),
});
export type ProbeBundle = z.infer<typeof probeBundleSchema>;

/** The bundle as the lines the probe prints. */
export function encodeProbeBundle(bundle: ProbeBundle): string[] {
  const text = gzipSync(JSON.stringify(bundle)).toString('base64');
  const lines: string[] = [];
  for (let at = 0; at < text.length; at += CHUNK_CHARS) lines.push(`${MARK} ${lines.length} ${text.slice(at, at + CHUNK_CHARS)}`);
  lines.push(`${MARK}-end ${lines.length} ${digest(text)}`);
  return lines;
}

/** The bundle in a probe's log, which may hold other lines too; a missing, cut or altered bundle is an error saying so. */
export function decodeProbeBundle(log: string, source: string): ProbeBundle {
  const chunks: string[] = [];
  let end: { count: number; digest: string } | undefined;
  for (const line of log.split('\n')) {
    const parts = line.trim().split(' ');
    if (parts[0] === MARK && parts.length === 3) chunks[Number(parts[1])] = parts[2]!;
    else if (parts[0] === `${MARK}-end` && parts.length === 3) end = { count: Number(parts[1]), digest: parts[2]! };
  }
  const cut = () =>
    new UserError(
      `${source} handed back no whole result (its log is cut short)`,
      'Run it again; if it recurs, see functracer doctor --on swarm',
    );
  if (!end || chunks.length !== end.count || chunks.some((c) => c === undefined)) throw cut();
  const text = chunks.join('');
  if (text.length > MAX_BUNDLE_CHARS || digest(text) !== end.digest) throw cut();
  const parsed = probeBundleSchema.safeParse(JSON.parse(gunzipSync(Buffer.from(text, 'base64')).toString('utf8')));
  if (!parsed.success)
    throw new UserError(
      `${source} handed back a result this functracer cannot read`,
      'Use the same functracer build on the coordinator and in the probe image',
    );
  return parsed.data;
}

function digest(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 32);
}

/** What the coordinator asks of a probe: one run of the plan, sampled as a local run would be. */
const probeJobSchema = z.strictObject({
  /** Absent for a check of the node (`doctor --on swarm`), which runs nothing. */
  plan: runPlanSchema.optional(),
  intervalMs: z.number().positive().optional(),
  /** The node the probe was placed on, as the coordinator knows it, for the run's record. */
  node: z.string().max(200),
  /** An invoke session instead of a plain run: the plan is a Lambda-style function, handed these events. */
  invoke: z
    .strictObject({
      events: z.array(z.strictObject({ source: z.string(), payload: z.string() })).min(1),
      invocations: z.number().int().positive(),
      timeoutMs: z.number().positive(),
    })
    .optional(),
});
export type ProbeJob = z.infer<typeof probeJobSchema>;

/** The environment variable that carries the job into the probe, as base64 JSON (no shell ever sees it). */
export const PROBE_JOB_ENV = 'FUNCTRACER_PROBE_JOB';

/** The kernel takes one environment string of at most 128 KiB (MAX_ARG_STRLEN): the job, with room for its name. */
const MAX_JOB_CHARS = 120 * 1024;

export function encodeProbeJob(job: ProbeJob): string {
  const text = Buffer.from(JSON.stringify(job)).toString('base64');
  if (text.length > MAX_JOB_CHARS) {
    throw new UserError(
      `the job for a probe takes ${Math.ceil(text.length / 1024)} KiB, over the ${MAX_JOB_CHARS / 1024} KiB a probe's environment holds (the events, most likely)`,
      'Use smaller events with --on swarm, or run it here without --on swarm',
    );
  }
  return text;
}

export function decodeProbeJob(text: string | undefined): ProbeJob {
  const parsed = probeJobSchema.safeParse(JSON.parse(Buffer.from(text ?? '', 'base64').toString('utf8') || 'null'));
  if (!parsed.success)
    throw new UserError(`${PROBE_JOB_ENV} holds no probe job`, 'The probe is started by functracer --on swarm, not by hand');
  return parsed.data;
}
