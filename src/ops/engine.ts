import type Docker from 'dockerode';
import { dockerRuntime } from '../tracer/docker-runtime.js';
import { connectEngine } from '../tracer/engine.js';
import { removeOrphans } from '../tracer/orphans.js';
import type { ContainerRuntime } from '../tracer/runtime.js';

export interface Engine {
  docker: Docker;
  runtime: ContainerRuntime;
}

/**
 * The engine, ready for runs: it answered (a UserError with what to try when
 * none does), and what a crashed functracer left behind is removed.
 */
export async function openEngine(): Promise<Engine> {
  const docker = await connectEngine();
  const runtime = dockerRuntime(docker);
  await removeOrphans(runtime);
  return { docker, runtime };
}
