import type Docker from 'dockerode';
import { UserError } from '../../core/errors.js';
import { answered, inspectImage } from '../engine.js';

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

/** An image in the registry: the name nodes pull, and the same pinned to its digest. */
export interface PushedImage {
  /** `HOST:PORT/name:tag`. */
  name: string;
  /**
   * `HOST:PORT/name:tag@sha256:…`: a swarm task whose image is pinned so and present on its node starts without asking
   * the registry again (by tag, every task pulls first), and runs exactly what was pushed.
   */
  pinned: string;
  /**
   * `HOST:PORT/name@sha256:…`, for a plain container a probe starts: a node that ran an older build under the same tag
   * pulls this one, where by tag it would find the old one and run it.
   */
  byDigest: string;
}

/**
 * Tags the image under the registry and pushes it there, so every node can pull it. A registry that already holds
 * this very image under that name (its digest the one the engine recorded at the last push) is not pushed to
 * again: a coordinator's start then costs one question, not a push. Nothing but our own tag is made: the user's
 * image keeps its name.
 */
export async function pushImage(docker: Docker, image: string, registry: string, signal?: AbortSignal): Promise<PushedImage> {
  const [name, tag = 'latest'] = splitTag(image);
  const repo = `${registry}/${name}`;
  const ref = `${repo}:${tag}`;
  await docker.getImage(image).tag({ repo, tag });
  const held = await heldDigest(docker, repo, ref);
  if (held) return { name: ref, pinned: `${ref}@${held}`, byDigest: `${repo}@${held}` };
  await push(docker, image, ref, registry, signal);
  const pushed = (await recordedDigests(docker, repo, ref))[0];
  if (!pushed) throw new Error(`the engine recorded no digest for ${ref} after its push: a bug`);
  return { name: ref, pinned: `${ref}@${pushed}`, byDigest: `${repo}@${pushed}` };
}

/** The digests the engine recorded for this image in that repository (set by a push or a pull). */
async function recordedDigests(docker: Docker, repo: string, ref: string): Promise<string[]> {
  const info = await answered(`the digests of ${ref}`, (o) => inspectImage(docker, ref, o));
  return (info.RepoDigests ?? []).filter((d) => d.startsWith(`${repo}@`)).map((d) => d.slice(repo.length + 1));
}

/** The digest the registry serves for `ref`, if it is one the engine recorded for this image; else undefined. */
async function heldDigest(docker: Docker, repo: string, ref: string): Promise<string | undefined> {
  const recorded = await recordedDigests(docker, repo, ref);
  if (recorded.length === 0) return undefined;
  // The engine asks the registry; an answer that is not there (no such tag, no registry yet) means: push.
  const served = await answered(`the registry's digest of ${ref}`, (o) => distribution(docker, ref, o)).catch(() => undefined);
  const digest = served?.Descriptor?.digest;
  return digest && recorded.includes(digest) ? digest : undefined;
}

/** GET /distribution/{name}/json: the engine asks the registry; dialled here so that the deadline reaches the request. */
function distribution(docker: Docker, ref: string, options: { abortSignal: AbortSignal }): Promise<{ Descriptor?: { digest?: string } }> {
  return new Promise((resolve, reject) => {
    docker.modem.dial(
      {
        path: `/distribution/${ref}/json`,
        method: 'GET',
        abortSignal: options.abortSignal,
        statusCodes: { 200: true, 401: 'no such image', 403: 'denied', 404: 'no such image', 500: 'server error' },
      },
      (error: unknown, data: unknown) => (error ? reject(error as Error) : resolve(data as { Descriptor?: { digest?: string } })),
    );
  });
}

async function push(docker: Docker, image: string, ref: string, registry: string, signal?: AbortSignal): Promise<void> {
  const abortSignal = signal ? AbortSignal.any([signal, AbortSignal.timeout(PUSH_MS)]) : AbortSignal.timeout(PUSH_MS);
  const stream = (await docker
    .getImage(ref)
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
}

/** `name:tag` → [name, tag]; a port in the name (`host:5000/x`) is not a tag. */
function splitTag(image: string): [string, string | undefined] {
  const at = image.lastIndexOf(':');
  return at > image.lastIndexOf('/') ? [image.slice(0, at), image.slice(at + 1)] : [image, undefined];
}
