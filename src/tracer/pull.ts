import type Docker from 'dockerode';
import { Interrupted, UserError } from '../core/errors.js';
import type { PullProgress } from './runtime.js';
import { engineMessage } from './engine.js';
import type { CallOptions, EngineWatch } from './engine-watch.js';

interface PullEvent {
  status?: string;
  id?: string;
  progress?: string;
  error?: string;
}

/**
 * Pulls like `docker run` does for a missing image, reporting each layer's
 * progress line. A pull has no deadline while the engine sends events or
 * answers pings; a stop abandons it at once, and the engine then cancels it.
 */
export async function pullImage(
  docker: Docker,
  watch: EngineWatch,
  image: string,
  onProgress?: PullProgress,
  options: CallOptions = {},
): Promise<void> {
  try {
    await watch.call(
      `the pull of ${image}`,
      ({ abortSignal, progressed }) =>
        followPull(docker, image, abortSignal, (event) => {
          progressed();
          onProgress?.([event.id, event.status, event.progress].filter(Boolean).join(' '));
        }),
      options,
    );
  } catch (error) {
    if (error instanceof Interrupted) throw new Interrupted(error.signal, `stopped while pulling ${image}: nothing ran`);
    if (error instanceof UserError) throw error;
    throw new UserError(
      `image ${image} is not on the engine, and pulling it failed: ${pullFailure(engineMessage(error))}`,
      'Check the name (functracer samples list shows the samples), or load the image with docker load or docker import',
    );
  }
}

/** The pull's event stream, read to its end; the first event with an error fails it, and an abort destroys it. */
async function followPull(docker: Docker, image: string, signal: AbortSignal, onEvent: (event: PullEvent) => void): Promise<void> {
  const stream = (await docker.pull(image, { abortSignal: signal })) as NodeJS.ReadableStream & { destroy(): void };
  signal.addEventListener('abort', () => stream.destroy(), { once: true });
  await new Promise<void>((resolve, reject) => {
    let pending = '';
    let failure: string | undefined;
    const handle = (line: string) => {
      if (!line.trim()) return;
      let event: PullEvent;
      try {
        event = JSON.parse(line) as PullEvent;
      } catch {
        return;
      }
      failure ??= event.error;
      onEvent(event);
    };
    stream.on('data', (chunk: Buffer) => {
      pending += chunk.toString('utf8');
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      lines.forEach(handle);
    });
    stream.on('error', reject);
    stream.on('end', () => {
      handle(pending);
      if (failure !== undefined) reject(new Error(failure));
      else resolve();
    });
    stream.on('close', () => reject(Object.assign(new Error('the engine closed the connection'), { code: 'ECONNRESET' })));
  });
}

/**
 * The engine's pull error in a few words. Its own text quotes the Go client's
 * whole chain ('Get "https://…/v2/": dial tcp: lookup … on 10.…:53: no such
 * host'), which alone overflows a terminal line and says little to a user.
 */
export function pullFailure(message: string): string {
  const text = message.split('\n')[0]!.trim();
  const host = /Get "https?:\/\/([^/"]+)/.exec(text)?.[1];
  const registry = host ? `the registry ${host}` : 'the registry';
  if (/no such host|server misbehaving|i\/o timeout|network is unreachable|temporary failure in name resolution/i.test(text))
    return `${registry} cannot be reached from this machine`;
  if (/connection refused/i.test(text)) return `${registry} refused the connection`;
  if (/pull access denied|repository does not exist|not found|manifest unknown/i.test(text))
    return 'the registry has no such image, or it needs a docker login';
  if (/unauthorized|authentication required/i.test(text)) return 'the registry needs a docker login';
  return text.length <= 120 ? text : `${text.slice(0, 119)}…`;
}
