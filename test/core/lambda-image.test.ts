import { expect, it } from 'vitest';
import { lambdaStyle } from '../../src/core/lambda-image.js';

const run = (overrides: { entrypoint?: string[]; args?: string[]; env?: string[] } = {}) => ({ args: [], env: [], ...overrides });
const image = (overrides: { entrypoint?: string[]; cmd?: string[]; env?: string[] } = {}) => ({
  entrypoint: [],
  cmd: [],
  env: [],
  ...overrides,
});

it("tells a Lambda function's image by what it runs: a runtime interface client, the emulator's entry script, a bootstrap", () => {
  expect(
    lambdaStyle(image({ entrypoint: ['/usr/bin/node', '/opt/node_modules/aws-lambda-ric/bin/index.mjs'], cmd: ['index.handler'] }), run()),
  ).toBe("it runs /opt/node_modules/aws-lambda-ric/bin/index.mjs, which serves AWS Lambda's events");
  expect(lambdaStyle(image({ entrypoint: ['/lambda-entrypoint.sh'], cmd: ['app.handler'] }), run())).toMatch(/lambda-entrypoint\.sh/);
  expect(lambdaStyle(image({ entrypoint: ['python3', '-m', 'awslambdaric'] }), run())).toMatch(/awslambdaric/);
  expect(lambdaStyle(image({ entrypoint: ['/var/runtime/bootstrap'] }), run())).toBe(
    'it runs /var/runtime/bootstrap, as a Lambda custom runtime does',
  );
  expect(lambdaStyle(image({ env: ['PATH=/bin', 'LAMBDA_TASK_ROOT=/var/task'] }), run())).toBe(
    "it sets LAMBDA_TASK_ROOT, as Lambda's images do",
  );
});

it('takes the run as Docker combines it with the image: its own entrypoint drops the image command', () => {
  expect(lambdaStyle(image({ entrypoint: ['/var/runtime/bootstrap'] }), run({ entrypoint: ['/bin/sh'] }))).toBeUndefined();
  expect(lambdaStyle(image({ entrypoint: ['/bin/sh', '-c'], cmd: ['aws-lambda-ric x'] }), run({ args: ['echo hi'] }))).toBeUndefined();
  // "bootstrap" as an argument is no runtime's entry.
  expect(lambdaStyle(image({ entrypoint: ['/bin/echo'] }), run({ args: ['bootstrap'] }))).toBeUndefined();
});

it('leaves ordinary images alone, and a run that serves the Runtime API itself', () => {
  expect(lambdaStyle(image({ entrypoint: ['/bin/memshape'] }), run({ args: ['16:100'] }))).toBeUndefined();
  expect(
    lambdaStyle(image({ entrypoint: ['/var/runtime/bootstrap'] }), run({ env: ['AWS_LAMBDA_RUNTIME_API=127.0.0.1:9001'] })),
  ).toBeUndefined();
});
