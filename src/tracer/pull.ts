import type Docker from 'dockerode';
import { UserError } from '../core/errors.js';
import type { PullProgress } from './runtime.js';
import { engineMessage } from './engine.js';

interface PullEvent {
  status?: string;
  id?: string;
  progress?: string;
  error?: string;
}

/** Pulls like `docker run` does for a missing image, reporting each layer's progress line. */
export async function pullImage(docker: Docker, image: string, onProgress?: PullProgress): Promise<void> {
  try {
    const stream = await docker.pull(image);
    await new Promise<void>((resolve, reject) => {
      docker.modem.followProgress(
        stream,
        (error: Error | null, events: PullEvent[]) => {
          const failed = events?.find((e) => e.error);
          if (error || failed) reject(new Error(error?.message ?? failed?.error));
          else resolve();
        },
        (event: PullEvent) => onProgress?.([event.id, event.status, event.progress].filter(Boolean).join(' ')),
      );
    });
  } catch (error) {
    throw new UserError(
      `image ${image} is not on the engine, and pulling it failed: ${pullFailure(engineMessage(error))}`,
      'Check the name (functracer samples list shows the samples), or load the image with docker load or docker import',
    );
  }
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
