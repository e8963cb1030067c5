import type Docker from 'dockerode';
import type { EngineWatch } from './engine-watch.js';

type Condition = 'next-exit' | 'not-running';
/** An engine that answers pings but keeps cutting its wait off is not waited on for ever. */
const MAX_DROPS = 10;

/**
 * The engine's wait for a container's exit, its exit code. dockerode's own
 * wait never settles when the engine dies mid-answer (the response is cut
 * off after its headers, and nothing listens for that), which kept a run
 * waiting for ever after a `kill -9` of dockerd: here a cut-off answer is an
 * error. If the engine still answers after all (restarted, or only the
 * connection dropped), the container's state decides: its exit code, or a
 * new wait.
 */
export async function waitForContainer(
  docker: Docker,
  watch: EngineWatch,
  container: Docker.Container,
  signal: AbortSignal,
): Promise<number> {
  let condition: Condition = 'next-exit';
  for (let drops = 0; ; drops++) {
    try {
      return await waitOnce(docker, container.id, condition, signal);
    } catch (error) {
      if (signal.aborted || typeof (error as { statusCode?: unknown }).statusCode === 'number' || drops >= MAX_DROPS) throw error;
      // The watch turns this error into "the engine went away" when a ping fails too.
      if (!(await watch.probe(watch.deadlineMs, signal)).alive) throw error;
      const state = (await container.inspect({ abortSignal: signal })) as Docker.ContainerInspectInfo;
      if (!state.State.Running) return state.State.ExitCode;
      condition = 'not-running';
    }
  }
}

function waitOnce(docker: Docker, id: string, condition: Condition, signal: AbortSignal): Promise<number> {
  return new Promise((resolve, reject) => {
    docker.modem.dial(
      {
        path: `/containers/${encodeURIComponent(id)}/wait?`,
        method: 'POST',
        options: { condition },
        isStream: true,
        abortSignal: signal,
        statusCodes: { 200: true, 404: 'no such container', 500: 'server error' },
      },
      (error: unknown, result: unknown) => {
        if (error) return reject(error as Error);
        const stream = result as NodeJS.ReadableStream & { destroy(): void };
        let body = '';
        let ended = false;
        signal.addEventListener('abort', () => stream.destroy(), { once: true });
        stream.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
        stream.on('error', reject);
        stream.on('end', () => {
          ended = true;
          const answer = parseAnswer(body);
          if (answer === undefined) reject(Object.assign(new Error('the engine ended its wait without an exit code'), { code: 'EPROTO' }));
          else resolve(answer);
        });
        stream.on('close', () => {
          if (!ended) reject(Object.assign(new Error('the engine closed the connection'), { code: 'ECONNRESET' }));
        });
      },
    );
  });
}

function parseAnswer(body: string): number | undefined {
  try {
    const answer = JSON.parse(body) as { StatusCode?: unknown };
    return typeof answer.StatusCode === 'number' ? answer.StatusCode : undefined;
  } catch {
    return undefined;
  }
}
