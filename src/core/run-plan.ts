import { z } from 'zod';

/** Everything the tracer needs to create one container: image, command and host settings. */
const runSpecSchema = z
  .object({
    image: z.string(),
    /** Arguments after the image, the container's command. */
    args: z.array(z.string()),
    entrypoint: z.array(z.string()).optional(),
    env: z.array(z.string()),
    workdir: z.string().optional(),
    user: z.string().optional(),
    /** host:container[:mode] bind mounts or named volumes, as `docker run -v` takes them. */
    binds: z.array(z.string()),
    memoryBytes: z.number().optional(),
    /** -1 for unlimited swap, as the Engine API takes it. */
    memorySwapBytes: z.number().optional(),
    nanoCpus: z.number().optional(),
    networkMode: z.string(),
    /** host:address entries for the container's /etc/hosts, as `docker run --add-host` takes them. */
    extraHosts: z.array(z.string()).optional(),
  })
  // A key functracer never writes (Privileged, Devices, CapAdd…) makes the file something else than its record.
  .strict();

export type RunSpec = z.infer<typeof runSpecSchema>;

/**
 * A folder a run gets for itself, made fresh before each run: a copy of `from`
 * (functions that rewrite their input get a copy, never the original), or an
 * empty folder to write into.
 */
const scratchCopySchema = z.strictObject({
  from: z.string().optional(),
  /** Where the folder is mounted in the container. */
  mountPoint: z.string(),
});

/** One run as asked for: the container's spec, and what is made for it first. Kept in the run's record, so it can be run again. */
export const runPlanSchema = z.strictObject({
  title: z.string(),
  spec: runSpecSchema,
  scratch: scratchCopySchema.optional(),
});

export type RunPlan = z.infer<typeof runPlanSchema>;

export function planOf(spec: RunSpec): RunPlan {
  return { title: [spec.image, ...spec.args].join(' '), spec };
}
