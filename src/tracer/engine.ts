import type Docker from 'dockerode';
import { UserError } from '../core/errors.js';

/** Where the engine is, for messages and for deciding whether its cgroups are on this host. */
export function engineAddress(env: NodeJS.ProcessEnv = process.env): string {
  return env.DOCKER_HOST || 'unix:///var/run/docker.sock';
}

/** A remote engine's cgroup files are not on this machine, so only the stats API can sample it. */
export function isRemoteEngine(env: NodeJS.ProcessEnv = process.env): boolean {
  return /^(tcp|ssh|https?):\/\//.test(env.DOCKER_HOST ?? '');
}

/** Connects to the engine named by DOCKER_HOST (or the local socket) and checks that it answers. */
export async function connectEngine(timeoutMs = 5000): Promise<Docker> {
  // dockerode brings gRPC, protobufs and SSH with it: commands that only read files never load them.
  const { default: Dockerode } = await import('dockerode');
  let docker: Docker;
  try {
    docker = new Dockerode();
  } catch {
    throw new UserError(
      `DOCKER_HOST is ${JSON.stringify(process.env.DOCKER_HOST ?? '')}, which is not an engine address`,
      'Set it to unix:///var/run/docker.sock, tcp://HOST:2375 or ssh://USER@HOST, or unset it',
    );
  }
  try {
    // Aborted, not just raced: a request left open to a wedged engine keeps the process alive after its error.
    // dockerode 4 takes the signal; @types/dockerode does not declare ping's options.
    const ping = docker.ping.bind(docker) as unknown as (options: { abortSignal: AbortSignal }) => Promise<unknown>;
    await ping({ abortSignal: AbortSignal.timeout(timeoutMs) });
  } catch (error) {
    const name = (error as { name?: string }).name;
    const reason = name === 'AbortError' || name === 'TimeoutError' ? `no answer within ${timeoutMs} ms` : shortReason(error);
    throw new UserError(
      `no Docker engine answers at ${engineAddress()} (${reason})`,
      'Start one (systemctl start docker, or dockerd &) or point DOCKER_HOST at a running engine',
    );
  }
  return docker;
}

/**
 * How long the engine may answer nothing at all (no call, no ping) before it
 * is taken for wedged or dead: a wedged engine or a stuck tunnel must end the
 * command with a line, not hang it. An engine that still answers pings is
 * slow, not wedged: its calls are waited for up to ten times this (see
 * engine-watch.ts). FUNCTRACER_ENGINE_TIMEOUT_MS sets it for slow remote engines.
 */
export function engineDeadlineMs(env: NodeJS.ProcessEnv = process.env): number {
  const ms = Number(env.FUNCTRACER_ENGINE_TIMEOUT_MS);
  return Number.isFinite(ms) && ms > 0 ? ms : 15_000;
}

/** An engine call, aborted at its deadline: an abandoned request's socket would keep the process alive. */
export async function answered<T>(
  what: string,
  call: (options: { abortSignal: AbortSignal }) => Promise<T>,
  ms = engineDeadlineMs(),
): Promise<T> {
  try {
    return await call({ abortSignal: AbortSignal.timeout(ms) });
  } catch (error) {
    const name = (error as { name?: string }).name;
    if (name !== 'AbortError' && name !== 'TimeoutError') throw error;
    throw new UserError(
      `the engine at ${engineAddress()} did not answer ${what} within ${ms / 1000} s`,
      'It may be wedged or its connection stuck: check it with docker info, then try again',
    );
  }
}

/**
 * dockerode's image inspect takes no abort signal, so this one asks the same endpoint with one. The name is one
 * encoded path segment: raw, a name such as ../../host:port/x would send the request to that host.
 */
export function inspectImage(docker: Docker, name: string, options: { abortSignal: AbortSignal }): Promise<Docker.ImageInspectInfo> {
  return new Promise((resolve, reject) => {
    docker.modem.dial(
      {
        path: `/images/${encodeURIComponent(name)}/json`,
        method: 'GET',
        abortSignal: options.abortSignal,
        statusCodes: { 200: true, 404: 'no such image', 500: 'server error' },
      },
      (error: unknown, data: unknown) => (error ? reject(error as Error) : resolve(data as Docker.ImageInspectInfo)),
    );
  });
}

function shortReason(error: unknown): string {
  const e = error as { code?: string; message?: string };
  return e.code ?? e.message?.split('\n')[0] ?? String(error);
}

/** True when the Engine API error is a 404, such as a missing image or container. */
export function isNotFound(error: unknown): boolean {
  return (error as { statusCode?: number }).statusCode === 404;
}

/** The engine's own explanation, without dockerode's HTTP preamble. */
export function engineMessage(error: unknown): string {
  const e = error as { json?: { message?: string }; message?: string };
  return (e.json?.message ?? e.message ?? String(error)).replace(/^\(HTTP code \d+\)[^-]*- /, '').trim();
}
