import { randomBytes } from 'node:crypto';
import { UserError } from '../core/errors.js';
import type { RunSpec } from '../core/run-plan.js';
import { MIB } from '../core/units.js';
import type { ImageConfig } from '../tracer/runtime.js';
import { isRemoteEngine } from '../tracer/engine.js';

/** Lambda's default memory size, where the run gives no --memory. */
const DEFAULT_MEMORY_MB = 128;

/** What the container is told about the function it is, as Lambda tells it. */
export interface LambdaIdentity {
  functionName: string;
  memorySizeMb: number;
  /** host:port of functracer's Runtime API. */
  apiAddress: string;
}

const envKey = (entry: string) => entry.split('=')[0]!;
const sets = (env: readonly string[], key: string) => env.some((entry) => envKey(entry) === key);

/** The function's name, as Lambda would take it from the image's: its last path part, without tag or digest. */
export function functionNameOf(image: string): string {
  const last = image.split('/').pop() ?? image;
  const bare = last.split('@')[0]!.split(':')[0]!;
  return bare.replace(/[^A-Za-z0-9_-]/g, '-').slice(0, 64) || 'function';
}

/** An ARN of Lambda's form, in an account that cannot exist (twelve zeros), so it is never mistaken for a real one. */
export function functionArnOf(functionName: string): string {
  return `arn:aws:lambda:us-east-1:000000000000:function:${functionName}`;
}

/**
 * The run's memory limit, which is the function's memory size: --memory, or Lambda's default of 128 MB. Swap is
 * pinned to it unless given, as Lambda has none: a peak paged out to swap would read low.
 */
export function withMemorySize(spec: RunSpec): RunSpec {
  const memoryBytes = spec.memoryBytes ?? DEFAULT_MEMORY_MB * MIB;
  return { ...spec, memoryBytes, memorySwapBytes: spec.memorySwapBytes ?? memoryBytes };
}

/** The Runtime API listens on this host's 127.0.0.1: a function on an engine elsewhere could never reach it. */
export function refuseRemoteEngine(env: NodeJS.ProcessEnv = process.env): void {
  if (!isRemoteEngine(env)) return;
  throw new UserError(
    'functracer invoke serves the Runtime API on this host, and DOCKER_HOST points at an engine elsewhere',
    "Run functracer on the engine's own host",
  );
}

/** The environment's AWS_LAMBDA_RUNTIME_API is functracer's to set: a run that sets its own would serve nobody. */
export function refuseOwnRuntimeApi(spec: RunSpec): void {
  if (sets(spec.env, 'AWS_LAMBDA_RUNTIME_API')) {
    throw new UserError(
      '-e AWS_LAMBDA_RUNTIME_API is set, but functracer invoke serves the Runtime API itself and sets it',
      'Leave it out; to serve it yourself, use functracer run with that variable',
    );
  }
}

/**
 * The spec as Lambda runs a function: the environment the official runtime clients require (they fail without
 * AWS_LAMBDA_FUNCTION_NAME, _VERSION, _MEMORY_SIZE, AWS_LAMBDA_LOG_GROUP_NAME and _LOG_STREAM_NAME), _HANDLER and
 * LAMBDA_TASK_ROOT where neither the image nor the run sets them, and the Runtime API's address. What the run sets
 * itself (-e) wins, as it would over an image's.
 */
export function lambdaSpec(spec: RunSpec, image: ImageConfig, identity: LambdaIdentity, now = new Date()): RunSpec {
  const ours = [
    `AWS_LAMBDA_FUNCTION_NAME=${identity.functionName}`,
    'AWS_LAMBDA_FUNCTION_VERSION=$LATEST',
    `AWS_LAMBDA_FUNCTION_MEMORY_SIZE=${identity.memorySizeMb}`,
    `AWS_LAMBDA_LOG_GROUP_NAME=/aws/lambda/${identity.functionName}`,
    `AWS_LAMBDA_LOG_STREAM_NAME=${logStreamName(now)}`,
  ];
  const unset = (key: string) => !sets(image.env, key) && !sets(spec.env, key);
  if (unset('LAMBDA_TASK_ROOT')) ours.push('LAMBDA_TASK_ROOT=/var/task');
  // AWS's base images take the handler from the command (CMD ["app.handler"]); so does this.
  const handler = spec.args[0] ?? (spec.entrypoint ? undefined : image.cmd[0]);
  if (handler !== undefined && unset('_HANDLER')) ours.push(`_HANDLER=${handler}`);
  const env = [...ours.filter((entry) => !sets(spec.env, envKey(entry))), ...spec.env, `AWS_LAMBDA_RUNTIME_API=${identity.apiAddress}`];
  return { ...spec, env };
}

/** Lambda's form: YYYY/MM/DD/[$LATEST] and 32 hex digits. */
function logStreamName(now: Date): string {
  const day = now.toISOString().slice(0, 10).replace(/-/g, '/');
  return `${day}/[$LATEST]${randomBytes(16).toString('hex')}`;
}
