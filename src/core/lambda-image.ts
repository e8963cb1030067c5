import type { RunSpec } from './run-plan.js';

/** What an image runs and sets, as Docker combines it with a run's overrides. */
interface ImageSettings {
  entrypoint: string[];
  cmd: string[];
  env: string[];
}

/** The programs that start a Lambda function in a container image: AWS's runtime interface clients and emulator, their entry script. */
const RUNTIME_CLIENT = /aws[-_]?lambda[-_]?ric|awslambdaric|aws-lambda-rie|lambda-entrypoint\.sh/;
/** A custom runtime's entry, as Lambda names it. */
const BOOTSTRAP = /(^|\/)bootstrap$/;
/** What AWS's base images set, and what a Lambda runtime reads. */
const LAMBDA_ENV = ['LAMBDA_TASK_ROOT', 'LAMBDA_RUNTIME_DIR'];

const envHas = (env: readonly string[], key: string) => env.some((entry) => entry === key || entry.startsWith(`${key}=`));

/**
 * Why `spec` looks like a Lambda function, a runtime that asks the Lambda Runtime API for events and never exits,
 * or undefined. Read from what the image runs and sets, never from running it. A run that sets
 * AWS_LAMBDA_RUNTIME_API itself has someone serving it, and is taken as it is.
 */
export function lambdaStyle(image: ImageSettings, spec: Pick<RunSpec, 'entrypoint' | 'args' | 'env'>): string | undefined {
  if (envHas(spec.env, 'AWS_LAMBDA_RUNTIME_API')) return undefined;
  // Docker drops the image's command when a run sets its own entrypoint.
  const entrypoint = (spec.entrypoint ?? image.entrypoint).filter((word) => word !== '');
  const cmd = spec.args.length > 0 ? spec.args : spec.entrypoint ? [] : image.cmd;
  const words = [...entrypoint, ...cmd];
  const client = words.find((word) => RUNTIME_CLIENT.test(word));
  if (client) return `it runs ${client}, which serves AWS Lambda's events`;
  const program = words[0];
  if (program && BOOTSTRAP.test(program)) return `it runs ${program}, as a Lambda custom runtime does`;
  const set = LAMBDA_ENV.find((key) => envHas(image.env, key) || envHas(spec.env, key));
  if (set) return `it sets ${set}, as Lambda's images do`;
  return undefined;
}
