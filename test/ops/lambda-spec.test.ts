import { expect, it } from 'vitest';
import type { RunSpec } from '../../src/core/run-plan.js';
import { MIB } from '../../src/core/units.js';
import { functionNameOf, lambdaSpec, refuseOwnRuntimeApi, withMemorySize } from '../../src/ops/lambda-spec.js';

const spec = (overrides: Partial<RunSpec> = {}): RunSpec => ({
  image: 'functracer/lambda-c',
  args: [],
  env: [],
  binds: [],
  networkMode: 'none',
  ...overrides,
});
const identity = { functionName: 'lambda-c', memorySizeMb: 256, apiAddress: '127.0.0.1:40001' };
const noConfig = { entrypoint: [], cmd: [], env: [] };
const envOf = (s: RunSpec) => Object.fromEntries(s.env.map((e) => [e.split('=')[0], e.slice(e.indexOf('=') + 1)]));

it('gives the container the environment the official clients require, on the network it was given', () => {
  const made = lambdaSpec(spec(), noConfig, identity, new Date('2026-12-07T10:00:00Z'));
  const env = envOf(made);
  expect(made.networkMode).toBe('none');
  expect(env).toMatchObject({
    AWS_LAMBDA_FUNCTION_NAME: 'lambda-c',
    AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '256',
    AWS_LAMBDA_LOG_GROUP_NAME: '/aws/lambda/lambda-c',
    AWS_LAMBDA_RUNTIME_API: '127.0.0.1:40001',
    LAMBDA_TASK_ROOT: '/var/task',
  });
  expect(env.AWS_LAMBDA_LOG_STREAM_NAME).toMatch(/^2026\/12\/07\/\[\$LATEST\][0-9a-f]{32}$/);
  // No command anywhere: no handler to name.
  expect(env._HANDLER).toBeUndefined();
});

it('sets _HANDLER and LAMBDA_TASK_ROOT only where neither the image nor the run does, and lets -e win', () => {
  const image = { entrypoint: ['/lambda-entrypoint.sh'], cmd: ['app.handler'], env: ['LAMBDA_TASK_ROOT=/opt/task'] };
  expect(envOf(lambdaSpec(spec(), image, identity))).toMatchObject({ _HANDLER: 'app.handler' });
  expect(envOf(lambdaSpec(spec(), image, identity)).LAMBDA_TASK_ROOT).toBeUndefined();
  expect(envOf(lambdaSpec(spec({ args: ['other.handler'] }), image, identity))._HANDLER).toBe('other.handler');
  const mine = lambdaSpec(spec({ env: ['AWS_LAMBDA_FUNCTION_NAME=mine', '_HANDLER=x.y'] }), image, identity);
  expect(mine.env.filter((e) => e.startsWith('AWS_LAMBDA_FUNCTION_NAME='))).toEqual(['AWS_LAMBDA_FUNCTION_NAME=mine']);
  expect(envOf(mine)._HANDLER).toBe('x.y');
});

it("takes the memory limit as the memory size, Lambda's 128 MB by default, with no swap", () => {
  expect(withMemorySize(spec())).toMatchObject({ memoryBytes: 128 * MIB, memorySwapBytes: 128 * MIB });
  expect(withMemorySize(spec({ memoryBytes: 512 * MIB }))).toMatchObject({ memoryBytes: 512 * MIB, memorySwapBytes: 512 * MIB });
  expect(withMemorySize(spec({ memoryBytes: 512 * MIB, memorySwapBytes: -1 })).memorySwapBytes).toBe(-1);
});

it("names the function after the image, as Lambda's names go, and refuses a run that sets the API's address itself", () => {
  expect(functionNameOf('registry:5000/team/my.func:v2')).toBe('my-func');
  expect(functionNameOf('functracer/lambda-c@sha256:abc')).toBe('lambda-c');
  expect(() => refuseOwnRuntimeApi(spec({ env: ['AWS_LAMBDA_RUNTIME_API=x:1'] }))).toThrow(/serves the Runtime API itself/);
});
