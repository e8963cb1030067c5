import Docker from 'dockerode';
import { UserError } from '../core/errors.js';

/** Where the engine is, for messages and for deciding whether its cgroups are on this host. */
function engineAddress(env: NodeJS.ProcessEnv = process.env): string {
  return env.DOCKER_HOST || 'unix:///var/run/docker.sock';
}

/** A remote engine's cgroup files are not on this machine, so only the stats API can sample it. */
export function isRemoteEngine(env: NodeJS.ProcessEnv = process.env): boolean {
  return /^(tcp|ssh|https?):\/\//.test(env.DOCKER_HOST ?? '');
}

/** Connects to the engine named by DOCKER_HOST (or the local socket) and checks that it answers. */
export async function connectEngine(timeoutMs = 5000): Promise<Docker> {
  const docker = new Docker();
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
