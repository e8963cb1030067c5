import { resolve } from 'node:path';
import type { LambdaEvent } from '../core/lambda-events.js';
import type { RunPlan } from '../core/run-plan.js';
import { localPathExists, splitQuotedRun } from '../ops/docker-run-options.js';
import { DEFAULT_TIMEOUT_MS, invocationCount, loadEvents } from '../ops/lambda-events.js';
import { refuseOwnRuntimeApi } from '../ops/lambda-spec.js';
import { invokedNetworkMode } from '../ops/api-network.js';
import type { SampleFunction } from '../tracer/samples/catalog.js';
import { planRun, type RunForm } from './run-form.js';

/** A Lambda-style function's session as home's options ask for it: what `functracer invoke` would be given. */
export interface InvokePlan {
  plan: RunPlan;
  events: LambdaEvent[];
  invocations: number;
  timeoutMs: number;
}

/**
 * The options as an invoke session, checked as `functracer invoke` checks its flags: the event files read and
 * parsed by the same code (a file that is not JSON is refused with its line), the count in the same range, the
 * Runtime API's variable left to functracer. Lambda has no volumes, and the container runs on the host's network,
 * the one way it reaches the API on an engine without a bridge. Throws a UserError naming what is wrong.
 */
export function planInvoke(
  image: string,
  form: RunForm,
  sample: SampleFunction | undefined,
  cwd: string,
  env: NodeJS.ProcessEnv = {},
  hostPathExists: (path: string) => boolean = localPathExists,
): InvokePlan {
  const run = planRun(image, { ...form, volumes: '', scratchFrom: '' }, sample, cwd, env, hostPathExists);
  const spec = { ...run.spec, networkMode: invokedNetworkMode(run.spec.networkMode) };
  refuseOwnRuntimeApi(spec);
  const files = splitQuotedRun(form.events ?? '', env).map((file) => resolve(cwd, file));
  const events = loadEvents(files);
  const invocations = invocationCount(events, form.invocations ?? '', 'Invocations');
  return { plan: { title: run.title, spec }, events, invocations, timeoutMs: DEFAULT_TIMEOUT_MS };
}
