/**
 * functracer/lambda-node through a real engine: AWS's own runtime interface client, compiled on this host, asks
 * functracer's Runtime API server for events over --network host and answers them. Here the test hands out the
 * events itself, to see the sample's answers in full; test/commands/invoke.test.ts traces it through `invoke`.
 */
import type Docker from 'dockerode';
import { afterEach, beforeAll, expect, it } from 'vitest';
import { FUNCTRACER_LABEL, OWNER_LABEL } from '../../src/tracer/labels.js';
import { buildSamples, type SampleBuildEvent } from '../../src/tracer/samples/builder.js';
import { findSample, sampleImageRef } from '../../src/tracer/samples/catalog.js';
import { LAMBDA_RIC } from '../../src/tracer/samples/lambda-ric.js';
import { describeWithEngine, engineForTests } from '../support/engine.js';
import { containerLogs } from '../support/run-container.js';
import { startRuntimeApi, type RuntimeApi } from '../../src/tracer/lambda/runtime-api.js';

const docker = await engineForTests();
const IMAGE = sampleImageRef(findSample('lambda-node')!);
const started: { api: RuntimeApi; container: Docker.Container }[] = [];
/** Long enough for a cold start of node on a loaded machine; the waits end there, not never. */
const LIMIT_MS = 60_000;

/** What the function posted back: its response, or its error report (`{ errorType, errorMessage, trace }`). */
type Outcome = { kind: 'response' | 'error'; body: unknown };

/** Hands `event` out and waits for the answer, as Lambda invokes a function once. */
async function invoke(api: RuntimeApi, event: unknown): Promise<Outcome> {
  const answer = await api.invoke(Buffer.from(JSON.stringify(event)), LIMIT_MS).answer;
  return { kind: answer.kind, body: JSON.parse(answer.body.toString()) as unknown };
}

/** The init error the client posted, or a failure if it asked for an event instead. */
async function initError(api: RuntimeApi): Promise<{ errorType: string; errorMessage: string }> {
  const first = await api.next();
  if (first.kind !== 'init-error') throw new Error('the function asked for an event instead of reporting its init error');
  return first;
}

/** The image started as Lambda starts a function: the Runtime API's address and the variables AWS's client requires. */
async function startFunction(docker: Docker, env: Record<string, string> = {}): Promise<{ api: RuntimeApi; container: Docker.Container }> {
  const api = await startRuntimeApi({ functionArn: 'arn:aws:lambda:us-east-1:000000000000:function:functracer-test' });
  const lambdaEnv = {
    AWS_LAMBDA_RUNTIME_API: api.address,
    AWS_LAMBDA_FUNCTION_NAME: 'functracer-test',
    AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '256',
    AWS_LAMBDA_LOG_GROUP_NAME: '/aws/lambda/functracer-test',
    AWS_LAMBDA_LOG_STREAM_NAME: 'test',
    ...env,
  };
  const container = await docker.createContainer({
    Image: IMAGE,
    Env: Object.entries(lambdaEnv).map(([name, value]) => `${name}=${value}`),
    Labels: { [FUNCTRACER_LABEL]: 'test', [OWNER_LABEL]: String(process.pid) },
    // With the engine's --bridge=none only the host's network reaches a server on the host.
    HostConfig: { NetworkMode: 'host', Memory: 256 * 2 ** 20, MemorySwap: 256 * 2 ** 20 },
  });
  started.push({ api, container });
  await container.start();
  return { api, container };
}

/** The outcome, or a failure that shows what the function printed. */
async function outcomeOf<T>(container: Docker.Container, outcome: Promise<T>): Promise<T> {
  try {
    return await outcome;
  } catch (error) {
    const { stdout, stderr } = await containerLogs(container);
    throw new Error(`${(error as Error).message}\n--- the function's stdout:\n${stdout}\n--- stderr:\n${stderr}`);
  }
}

afterEach(async () => {
  for (const { api, container } of started.splice(0)) {
    await container.remove({ force: true });
    await api.close();
  }
});

describeWithEngine('the lambda-node sample', docker, (docker) => {
  // The first build on a host compiles the client: about 2 minutes here, more on a loaded machine.
  beforeAll(async () => {
    await buildSamples(docker, { names: ['lambda-node'] });
  }, 20 * 60_000);

  it("answers events through AWS's client, each allocating and giving back what it asks for", async () => {
    const { api, container } = await startFunction(docker);
    const small = await outcomeOf(container, invoke(api, { mb: 16, ms: 20 }));
    const large = await outcomeOf(container, invoke(api, { mb: 96, ms: 5 }));
    const none = await outcomeOf(container, invoke(api, {}));
    expect(small).toMatchObject({ kind: 'response', body: { mb: 16, ms: 20, initMb: 0 } });
    expect(large).toMatchObject({ kind: 'response', body: { mb: 96, ms: 5, initMb: 0 } });
    expect(none).toMatchObject({ kind: 'response', body: { mb: 0, ms: 0, initMb: 0 } });
    const rss = [small, large, none].map((o) => (o.body as { rssMb: number }).rssMb);
    // Every byte is written, so the kernel counts it resident: node alone holds over 20 MiB.
    expect(rss[1]! - rss[0]!).toBeGreaterThanOrEqual(96 - 16 - 8);
    // Given back before the response: the next invocation starts from the floor, not from 96 MiB more.
    expect(rss[2]!).toBeLessThan(rss[1]! - 64);
    expect((small.body as { heldMs: number }).heldMs).toBeGreaterThanOrEqual(20);
    expect(api.notes).toEqual([]);
  });

  it('reports a thrown error with its errorType and errorMessage, and goes on to the next event', async () => {
    const { api, container } = await startFunction(docker);
    const failed = await outcomeOf(container, invoke(api, { fail: 'out of llamas' }));
    expect(failed).toMatchObject({ kind: 'error', body: { errorType: 'Error', errorMessage: 'out of llamas' } });
    expect((failed.body as { trace?: string[] }).trace?.join('\n')).toMatch(/index\.js/);
    expect(await outcomeOf(container, invoke(api, { mb: 1 }))).toMatchObject({ kind: 'response', body: { mb: 1 } });
    const invalid = await outcomeOf(container, invoke(api, { mb: -3 }));
    expect(invalid).toMatchObject({
      kind: 'error',
      body: { errorType: 'TypeError', errorMessage: 'mb must be a number of at least 0, not -3' },
    });
  });

  it('allocates INIT_MB at init and keeps it for every invocation', async () => {
    const { api, container } = await startFunction(docker, { INIT_MB: '48' });
    const first = await outcomeOf(container, invoke(api, {}));
    const second = await outcomeOf(container, invoke(api, { mb: 8 }));
    expect(first).toMatchObject({ kind: 'response', body: { initMb: 48 } });
    expect((first.body as { rssMb: number }).rssMb).toBeGreaterThanOrEqual(48 + 20);
    expect((second.body as { rssMb: number }).rssMb).toBeGreaterThanOrEqual(48 + 8 + 20);
  });

  it('posts a failing init to /init/error', async () => {
    const { api, container } = await startFunction(docker, { INIT_MB: 'lots' });
    const failure = await outcomeOf(container, initError(api));
    expect(failure).toMatchObject({ errorType: 'TypeError', errorMessage: 'INIT_MB must be a number of at least 0, not "lots"' });
  });

  it(
    'is rebuilt from the cached client, with nothing compiled',
    async () => {
      const rebuild: string[] = [];
      const onProgress = (event: SampleBuildEvent) => event.state === 'building' && rebuild.push(event.step);
      await buildSamples(docker, { names: ['lambda-node'], force: true, onProgress });
      expect(rebuild).toContain(`using the cached ${LAMBDA_RIC.name} ${LAMBDA_RIC.version}`);
      expect(rebuild.join('\n')).not.toMatch(/compiling/);
    },
    5 * 60_000,
  );
});
