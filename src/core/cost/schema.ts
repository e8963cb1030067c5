import { z } from 'zod';
import { UserError } from '../errors.js';

/**
 * Bounds that no real provider comes near, so a typo (a price per GB-s for a price per month, 1e308) is refused by
 * name instead of pricing runs at $Infinity; and lists short enough to read without a deep stack or a long wait.
 */
const PROVIDER_LIMITS = {
  /** $ per GB-s or per vCPU/GHz-s: AWS asks $0.0000167. */
  pricePerSecond: 1,
  /** $ per million requests or CPU ms: AWS asks $0.20. */
  pricePerMillion: 1000,
  /** 1 TiB: the largest functions offered have 32 GB. */
  mb: 1024 * 1024,
  /** A billing step or minimum of an hour: real ones are 1 to 1,000 ms. */
  ms: 3_600_000,
  /** Free allowances and volume bands, in requests, GB-s or CPU units a month. */
  amount: 1e15,
  /** Listed memory sizes: more than enough for a provider that lists every MB; an even step needs none. */
  tiers: 20_000,
  /** CPU and volume tables. */
  rows: 1000,
  vcpus: 1024,
} as const;

const count = z.number().nonnegative().max(PROVIDER_LIMITS.amount, 'expected at most 10^15');
const perSecond = z
  .number()
  .nonnegative()
  .max(PROVIDER_LIMITS.pricePerSecond, 'expected at most $1 a second, far above any provider (AWS asks $0.0000167 per GB-s)');
const perMillion = z
  .number()
  .nonnegative()
  .max(
    PROVIDER_LIMITS.pricePerMillion,
    'expected at most $1,000 per million, far above any provider (AWS asks $0.20 per million requests)',
  );
/** At least 1 MB: a denormal step would round every allocation to Infinity. */
const mb = z.number().min(1, 'expected at least 1 MB').max(PROVIDER_LIMITS.mb, 'expected at most 1,048,576 MB (1 TiB)');

/**
 * How a provider bills:
 * - `allocated-memory`: GB-s of the configured memory;
 * - `memory-and-cpu`: GB-s plus CPU (GHz-s or vCPU-s) coupled to the memory tier;
 * - `average-memory`: GB-s of the observed average memory, rounded up to a step;
 * - `cpu-time`: CPU milliseconds, with memory fixed and not billed.
 */
const MODEL_KINDS = ['allocated-memory', 'memory-and-cpu', 'average-memory', 'cpu-time'] as const;

const memorySchema = z
  .object({
    minMb: mb.optional(),
    maxMb: mb.optional(),
    stepMb: mb.optional(),
    /** Listed sizes, for providers without an even step. */
    tiersMb: z
      .array(mb)
      .min(1)
      .max(PROVIDER_LIMITS.tiers, `expected at most ${PROVIDER_LIMITS.tiers} sizes; give minMb, maxMb and stepMb for an even step`)
      .optional(),
    /** What a user gets without choosing; the "static choice" recommendations compare against. */
    defaultMb: mb.optional(),
  })
  .strict()
  .superRefine((m, ctx) => {
    if (m.tiersMb) return;
    for (const key of ['minMb', 'maxMb', 'stepMb'] as const) {
      if (m[key] === undefined) ctx.addIssue({ code: 'custom', path: [key], message: 'expected a number of MB (or give tiersMb instead)' });
    }
    if (m.minMb !== undefined && m.maxMb !== undefined && m.minMb > m.maxMb) {
      ctx.addIssue({ code: 'custom', path: ['maxMb'], message: `expected at least minMb (${m.minMb}), got ${m.maxMb}` });
    }
    if (m.defaultMb !== undefined && ((m.minMb ?? 0) > m.defaultMb || m.defaultMb > (m.maxMb ?? Infinity))) {
      ctx.addIssue({ code: 'custom', path: ['defaultMb'], message: `expected a size from minMb to maxMb, got ${m.defaultMb}` });
    }
  });

const cpuSchema = z
  .object({
    unit: z.enum(['GHz', 'vCPU']),
    pricePerUnitSecond: perSecond,
    /** The CPU a memory size comes with: the first entry whose upToMb holds it. */
    byMemory: z
      .array(z.object({ upToMb: mb, units: z.number().positive().max(PROVIDER_LIMITS.vcpus) }).strict())
      .min(1)
      .max(PROVIDER_LIMITS.rows),
  })
  .strict();

/** CPU in proportion to memory, for providers that do not bill CPU apart (AWS Lambda: one vCPU at 1,769 MB). */
const cpuCouplingSchema = z
  .object({
    mbPerVcpu: mb,
    maxVcpus: z.number().positive().max(PROVIDER_LIMITS.vcpus).optional(),
    source: z.string().min(1),
    effective: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date as YYYY-MM-DD'),
  })
  .strict();

const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date as YYYY-MM-DD');

/**
 * How a cold start's init is billed: `as-duration` adds it to the cold invocation's billed duration, at the
 * function's memory and price; `not-billed` where the provider bills only the invocation; `unknown` where its
 * pages do not say (priced as not billed, and said so).
 */
const INIT_BILLING = ['as-duration', 'not-billed', 'unknown'] as const;

/** One rule, from the date it took effect until the next rule's. */
const initRuleSchema = z
  .object({
    since: date,
    billed: z.enum(INIT_BILLING),
    /** Where a ZIP package on a managed runtime was billed otherwise (AWS Lambda before 2025-08-01). */
    zip: z.enum(INIT_BILLING).optional(),
    /** The longest init billed: the provider's own init limit (Lambda's 10 s). */
    capMs: z.number().positive().max(PROVIDER_LIMITS.ms, 'expected at most an hour, 3,600,000 ms').optional(),
    source: z.string().min(1),
    /** When the rule was last read from the source. */
    checked: date,
    notes: z.string().optional(),
  })
  .strict();

export type InitRule = z.infer<typeof initRuleSchema>;
export type InitBilling = InitRule['billed'];

const providerSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9.-]*$/, 'expected lower-case letters, digits, dots and dashes'),
    name: z.string().min(1),
    model: z.enum(MODEL_KINDS),
    effective: date,
    source: z.string().min(1),
    historical: z.boolean().optional(),
    /** At least a µs: a denormal granularity would bill every run for Infinity ms. */
    granularityMs: z.number().min(0.001, 'expected at least 0.001 ms').max(PROVIDER_LIMITS.ms, 'expected at most an hour, 3,600,000 ms'),
    minimumBilledMs: z.number().nonnegative().max(PROVIDER_LIMITS.ms, 'expected at most an hour, 3,600,000 ms').optional(),
    memory: memorySchema,
    cpu: cpuSchema.optional(),
    /** How CPU grows with memory where `cpu` does not say (it is not billed apart); `tune` caps the container's CPU by it. */
    cpuCoupling: cpuCouplingSchema.optional(),
    pricePerGbSecond: perSecond,
    /** Monthly volume discounts: GB-s beyond `aboveGbSeconds` cost this instead. */
    volumeTiers: z
      .array(z.object({ aboveGbSeconds: count, pricePerGbSecond: perSecond }).strict())
      .max(PROVIDER_LIMITS.rows)
      .optional(),
    pricePerMillionCpuMs: perMillion.optional(),
    pricePerMillionRequests: perMillion,
    freeTier: z
      .object({ requests: count, gbSeconds: count.optional(), cpuUnitSeconds: count.optional(), cpuMs: count.optional() })
      .strict(),
    /** False when a figure could not be checked against the provider's page; `unconfirmed` says which. */
    confirmed: z.boolean(),
    unconfirmed: z.array(z.string()).optional(),
    notes: z.string().optional(),
    /** Init billing rules in date order; a file without them prices a cold start's init as not known. */
    initBilling: z.array(initRuleSchema).min(1).max(PROVIDER_LIMITS.rows).optional(),
  })
  .strict()
  .superRefine((p, ctx) => {
    p.initBilling?.forEach((rule, i) => {
      const before = p.initBilling![i - 1];
      if (before && before.since >= rule.since) {
        ctx.addIssue({
          code: 'custom',
          path: ['initBilling', i, 'since'],
          message: `expected a date after ${before.since}, the rule before`,
        });
      }
    });
    if (p.model === 'memory-and-cpu' && !p.cpu)
      ctx.addIssue({ code: 'custom', path: ['cpu'], message: 'expected a cpu object for model memory-and-cpu' });
    if (p.model === 'cpu-time' && p.pricePerMillionCpuMs === undefined) {
      ctx.addIssue({ code: 'custom', path: ['pricePerMillionCpuMs'], message: 'expected a price for model cpu-time' });
    }
  });

export type ProviderModel = z.infer<typeof providerSchema>;
export type ModelKind = ProviderModel['model'];

/** Validates one provider; the error names the source, the field and what was expected. */
export function parseProvider(value: unknown, source: string): ProviderModel {
  const parsed = providerSchema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const field = issue && issue.path.length > 0 ? issue.path.join('.') : '(top level)';
  throw new UserError(
    `${source}: field ${field}: ${issue?.message ?? 'invalid'}`,
    'Fix the provider file; see "Pricing" in the README for the fields',
  );
}

/** A file holds one provider or an array of them. */
export function parseProviderFile(value: unknown, source: string): ProviderModel[] {
  if (!Array.isArray(value)) return [parseProvider(value, source)];
  return value.map((entry, index) => parseProvider(entry, `${source} [${index}]`));
}
