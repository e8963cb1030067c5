import type Docker from 'dockerode';
import { UserError } from '../../core/errors.js';

/** A registry's address as `docker push` takes it: a host name or IP and a port, nothing else. */
const REGISTRY = /^[A-Za-z0-9.-]+:\d{1,5}$/;

/** Checks `--registry`, before anything runs. */
export function checkRegistry(registry: string): string {
  if (!REGISTRY.test(registry)) {
    throw new UserError(
      `--registry ${JSON.stringify(registry)} is not HOST:PORT`,
      'Pass the registry as HOST:PORT, e.g. --registry 127.0.0.1:5000',
    );
  }
  return registry;
}

/** How long one push may take; a registry that stops answering ends the command with a line. */
const PUSH_MS = 10 * 60_000;

/**
 * Tags the image under the registry and pushes it there, so every node can pull it; returns the name nodes pull.
 * Nothing but our own tag is made: the user's image keeps its name.
 */
export async function pushImage(docker: Docker, image: string, registry: string, signal?: AbortSignal): Promise<string> {
  const [name, tag = 'latest'] = splitTag(image);
  const repo = `${registry}/${name}`;
  await docker.getImage(image).tag({ repo, tag });
  const abortSignal = signal ? AbortSignal.any([signal, AbortSignal.timeout(PUSH_MS)]) : AbortSignal.timeout(PUSH_MS);
  const stream = (await docker
    .getImage(`${repo}:${tag}`)
    .push({ abortSignal, authconfig: { serveraddress: registry } } as never)) as unknown as NodeJS.ReadableStream;
  const events = await new Promise<{ error?: string }[]>((resolve, reject) => {
    abortSignal.addEventListener(
      'abort',
      () =>
        reject(
          new UserError(
            `the push of ${image} to ${registry} did not end within ${PUSH_MS / 60_000} min`,
            'Check the registry (curl http://HOST:PORT/v2/) and try again',
          ),
        ),
      { once: true },
    );
    docker.modem.followProgress(stream, (error: Error | null, output: { error?: string }[]) => (error ? reject(error) : resolve(output)));
  });
  const failed = events.find((e) => e.error);
  if (failed)
    throw new UserError(
      `the push of ${image} to ${registry} failed: ${failed.error}`,
      `Check that ${registry} serves a registry and that every engine may use it`,
    );
  return `${repo}:${tag}`;
}

/** `name:tag` → [name, tag]; a port in the name (`host:5000/x`) is not a tag. */
function splitTag(image: string): [string, string | undefined] {
  const at = image.lastIndexOf(':');
  return at > image.lastIndexOf('/') ? [image.slice(0, at), image.slice(at + 1)] : [image, undefined];
}
