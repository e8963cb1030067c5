import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Docker from 'dockerode';
import { FUNCTRACER_LABEL } from '../../src/tracer/labels.js';
import { buildSamples } from '../../src/tracer/samples/builder.js';
import { PROBE_LABEL_VALUE } from '../../src/tracer/swarm/swarm-cluster.js';
import { TestSwarm, until } from '../support/swarm.js';

/** A swarm with the sample images the tests run loaded on its manager (the coordinator), copied from the shared engine. */
export async function swarmWithSamples(images: string[]): Promise<TestSwarm> {
  // On a fresh clone nothing may have built them yet; those already built and current are kept as they are.
  await buildSamples(new Docker(), { names: images });
  const swarm = await TestSwarm.start();
  await swarm.manager.loadImages(new Docker(), images);
  return swarm;
}

const folders: string[] = [];
/** A folder for a command's files, removed by removeOutFolders. */
export const outFolder = () => {
  folders.push(fs.mkdtempSync(path.join(os.tmpdir(), 'functracer-swarm-out-')));
  return folders.at(-1)!;
};
export const removeOutFolders = () => folders.splice(0).forEach((dir) => fs.rmSync(dir, { recursive: true, force: true }));

/** The probe services on the swarm: none may be left once a coordinator has ended. */
export async function probeServices(swarm: TestSwarm): Promise<number> {
  return (
    await swarm.manager.docker.listServices({
      filters: { label: [`${FUNCTRACER_LABEL}=${PROBE_LABEL_VALUE}`] },
    } as Docker.ServiceListOptions)
  ).length;
}

/** Probe tasks running now, by node id. */
export async function runningProbes(swarm: TestSwarm): Promise<string[]> {
  const services = new Set(
    (
      await swarm.manager.docker.listServices({
        filters: { label: [`${FUNCTRACER_LABEL}=${PROBE_LABEL_VALUE}`] },
      } as Docker.ServiceListOptions)
    ).map((s) => s.ID),
  );
  const tasks = (await swarm.manager.docker.listTasks()) as { ServiceID?: string; NodeID?: string; Status?: { State?: string } }[];
  return tasks.filter((t) => services.has(t.ServiceID ?? '') && t.Status?.State === 'running').map((t) => t.NodeID ?? '');
}

/** Containers on the engines that still answer: task containers and function containers alike. */
export async function containersLeft(swarm: TestSwarm): Promise<string[]> {
  const names: string[] = [];
  for (const engine of swarm.engines) {
    if (!engine.running || !(await engine.answers())) continue;
    for (const c of await engine.docker.listContainers({ all: true })) names.push(...c.Names);
  }
  return names;
}

/** Waits (bounded) until no container is left on any engine that answers; swarm stops a removed task's container a moment later. */
export async function noContainersLeft(swarm: TestSwarm): Promise<void> {
  await until('every task and function container to go', async () => (await containersLeft(swarm)).length === 0, 90_000);
}
