import type Docker from 'dockerode';
import { FUNCTRACER_LABEL, OWNER_LABEL } from '../../src/tracer/labels.js';

export interface ContainerOutcome {
  exitCode: number;
  stdout: string;
  stderr: string;
  /** Between the engine's StartedAt and FinishedAt, so host-side overhead is left out. */
  runMs: number;
}

/**
 * Runs an image to completion the way functracer's tests must: no network, our label,
 * and removed afterwards whatever happens.
 */
export async function runToCompletion(docker: Docker, image: string, args: string[], binds: string[] = []): Promise<ContainerOutcome> {
  const container = await docker.createContainer({
    Image: image,
    Cmd: args,
    Labels: { [FUNCTRACER_LABEL]: 'test', [OWNER_LABEL]: String(process.pid) },
    HostConfig: { NetworkMode: 'none', Binds: binds },
  });
  try {
    await container.start();
    const { StatusCode } = (await container.wait()) as { StatusCode: number };
    const logs = (await container.logs({ stdout: true, stderr: true, follow: false })) as Buffer;
    const { State } = await container.inspect();
    return { exitCode: StatusCode, ...demux(logs), runMs: Date.parse(State.FinishedAt) - Date.parse(State.StartedAt) };
  } finally {
    await container.remove({ force: true });
  }
}

/** What a container printed so far, for a failing test's message. */
export async function containerLogs(container: Docker.Container): Promise<{ stdout: string; stderr: string }> {
  return demux((await container.logs({ stdout: true, stderr: true, follow: false })) as Buffer);
}

/** Without a TTY the engine frames logs: 1 byte stream, 3 padding, 4 bytes big-endian length. */
function demux(logs: Buffer): { stdout: string; stderr: string } {
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  for (let at = 0; at + 8 <= logs.length;) {
    const size = logs.readUInt32BE(at + 4);
    (logs[at] === 2 ? err : out).push(logs.subarray(at + 8, at + 8 + size));
    at += 8 + size;
  }
  return { stdout: Buffer.concat(out).toString(), stderr: Buffer.concat(err).toString() };
}
