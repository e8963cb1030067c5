import { z } from 'zod';
import { UserError } from '../errors.js';

const money = z.number().nonnegative();
const count = z.number().nonnegative();

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
    minMb: z.number().positive().optional(),
    maxMb: z.number().positive().optional(),
    stepMb: z.number().positive().optional(),
    /** Listed sizes, for providers without an even step. */
    tiersMb: z.array(z.number().positive()).min(1).optional(),
    /** What a user gets without choosing; the "static choice" recommendations compare against. */
    defaultMb: z.number().positive().optional(),
  })
  .strict()
  .superRefine((m, ctx) => {
    if (m.tiersMb) return;
    for (const key of ['minMb', 'maxMb', 'stepMb'] as const) {
      if (m[key] === undefined) ctx.addIssue({ code: 'custom', path: [key], message: 'expected a number of MB (or give tiersMb instead)' });
    }
  });

const cpuSchema = z
  .object({
    unit: z.enum(['GHz', 'vCPU']),
    pricePerUnitSecond: money,
    /** The CPU a memory size comes with: the first entry whose upToMb holds it. */
    byMemory: z.array(z.object({ upToMb: z.number().positive(), units: z.number().positive() }).strict()).min(1),
  })
  .strict();

/** CPU in proportion to memory, for providers that do not bill CPU apart (AWS Lambda: one vCPU at 1,769 MB). */
const cpuCouplingSchema = z
  .object({
    mbPerVcpu: z.number().positive(),
    maxVcpus: z.number().positive().optional(),
    source: z.string().min(1),
    effective: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date as YYYY-MM-DD'),
  })
  .strict();

const providerSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9.-]*$/, 'expected lower-case letters, digits, dots and dashes'),
    name: z.string().min(1),
    model: z.enum(MODEL_KINDS),
    effective: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date as YYYY-MM-DD'),
    source: z.string().min(1),
    historical: z.boolean().optional(),
    granularityMs: z.number().positive(),
    minimumBilledMs: count.optional(),
    memory: memorySchema,
    cpu: cpuSchema.optional(),
    /** How CPU grows with memory where `cpu` does not say (it is not billed apart); `tune` caps the container's CPU by it. */
    cpuCoupling: cpuCouplingSchema.optional(),
    pricePerGbSecond: money,
    /** Monthly volume discounts: GB-s beyond `aboveGbSeconds` cost this instead. */
    volumeTiers: z.array(z.object({ aboveGbSeconds: count, pricePerGbSecond: money }).strict()).optional(),
    pricePerMillionCpuMs: money.optional(),
    pricePerMillionRequests: money,
    freeTier: z
      .object({ requests: count, gbSeconds: count.optional(), cpuUnitSeconds: count.optional(), cpuMs: count.optional() })
      .strict(),
    /** False when a figure could not be checked against the provider's page; `unconfirmed` says which. */
    confirmed: z.boolean(),
    unconfirmed: z.array(z.string()).optional(),
    notes: z.string().optional(),
  })
  .strict()
  .superRefine((p, ctx) => {
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
