/**
 * functracer/lambda-node through a real engine: AWS's own runtime interface client, compiled on this host, asks a
 * real Runtime API server (test/support/runtime-api.ts) for events over --network host and answers them.
 */
import type Docker from 'dockerode';
import { afterEach, beforeAll, expect, it } from 'vitest';
import { FUNCTRACER_LABEL, OWNER_LABEL } from '../../src/tracer/labels.js';
import { buildSamples, type SampleBuildEvent } from '../../src/tracer/samples/builder.js';
import { findSample, sampleImageRef } from '../../src/tracer/samples/catalog.js';
import { LAMBDA_RIC } from '../../src/tracer/samples/lambda-ric.js';
import { describeWithEngine, engineForTests } from '../support/engine.js';
import { containerLogs } from '../support/run-container.js';
import { startRuntimeApi, type Outcome, type RuntimeApi } from '../support/runtime-api.js';

const docker = await engineForTests();
const IMAGE = sampleImageRef(findSample('lambda-node')!);
const started: { api: RuntimeApi; container: Docker.Container }[] = [];

/** The image started as Lambda starts a function: the Runtime API's address and the variables AWS's client requires. */
async function startFunction(docker: Docker, env: Record<string, string> = {}): Promise<{ api: RuntimeApi; container: Docker.Container }> {
  const api = await startRuntimeApi();
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
async function outcomeOf(container: Docker.Container, outcome: Promise<Outcome>): Promise<Outcome> {
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
    const small = await outcomeOf(container, api.invoke({ mb: 16, ms: 20 }));
    const large = await outcomeOf(container, api.invoke({ mb: 96, ms: 5 }));
    const none = await outcomeOf(container, api.invoke({}));
    expect(small).toMatchObject({ kind: 'response', body: { mb: 16, ms: 20, initMb: 0 } });
    expect(large).toMatchObject({ kind: 'response', body: { mb: 96, ms: 5, initMb: 0 } });
    expect(none).toMatchObject({ kind: 'response', body: { mb: 0, ms: 0, initMb: 0 } });
    const rss = [small, large, none].map((o) => (o.body as { rssMb: number }).rssMb);
    // Every byte is written, so the kernel counts it resident: node alone holds over 20 MiB.
    expect(rss[1]! - rss[0]!).toBeGreaterThanOrEqual(96 - 16 - 8);
    // Given back before the response: the next invocation starts from the floor, not from 96 MiB more.
    expect(rss[2]!).toBeLessThan(rss[1]! - 64);
    expect((small.body as { heldMs: number }).heldMs).toBeGreaterThanOrEqual(20);
    expect(api.unknown).toEqual([]);
  });

  it('reports a thrown error with its errorType and errorMessage, and goes on to the next event', async () => {
    const { api, container } = await startFunction(docker);
    const failed = await outcomeOf(container, api.invoke({ fail: 'out of llamas' }));
    expect(failed).toMatchObject({ kind: 'error', body: { errorType: 'Error', errorMessage: 'out of llamas' } });
    expect((failed.body as { trace?: string[] }).trace?.join('\n')).toMatch(/index\.js/);
    expect(await outcomeOf(container, api.invoke({ mb: 1 }))).toMatchObject({ kind: 'response', body: { mb: 1 } });
    const invalid = await outcomeOf(container, api.invoke({ mb: -3 }));
    expect(invalid).toMatchObject({
      kind: 'error',
      body: { errorType: 'TypeError', errorMessage: 'mb must be a number of at least 0, not -3' },
    });
  });

  it('allocates INIT_MB at init and keeps it for every invocation', async () => {
    const { api, container } = await startFunction(docker, { INIT_MB: '48' });
    const first = await outcomeOf(container, api.invoke({}));
    const second = await outcomeOf(container, api.invoke({ mb: 8 }));
    expect(first).toMatchObject({ kind: 'response', body: { initMb: 48 } });
    expect((first.body as { rssMb: number }).rssMb).toBeGreaterThanOrEqual(48 + 20);
    expect((second.body as { rssMb: number }).rssMb).toBeGreaterThanOrEqual(48 + 8 + 20);
  });

  it('posts a failing init to /init/error', async () => {
    const { api, container } = await startFunction(docker, { INIT_MB: 'lots' });
    const outcome = await outcomeOf(container, api.initError());
    expect(outcome).toMatchObject({
      kind: 'error',
      body: { errorType: 'TypeError', errorMessage: 'INIT_MB must be a number of at least 0, not "lots"' },
    });
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
