import Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestSwarm, until } from '../support/swarm.js';

/** The test swarm itself: two engines of its own on loopback addresses, one swarm, one registry. */
describe('the test swarm', () => {
  let swarm: TestSwarm;
  beforeAll(async () => {
    swarm = await TestSwarm.start();
    await swarm.manager.loadImages(new Docker(), ['functracer/sleep']);
  });
  afterAll(async () => swarm?.remove());

  it('has two ready nodes of its own engines on loopback addresses, neither of them the shared engine', async () => {
    const nodes = await swarm.manager.docker.listNodes();
    expect(nodes.map((n) => n.ID).sort()).toEqual((await swarm.nodeIds()).sort());
    // A worker's address is where its connection comes from: loopback, whichever 127.x the kernel picks.
    for (const n of nodes) expect(n.Status?.Addr).toMatch(/^127\./);
    expect(nodes.every((n) => n.Status?.State === 'ready')).toBe(true);
    const shared = (await new Docker().info()) as { Swarm: { NodeID: string } };
    expect(nodes.map((n) => n.ID)).not.toContain(shared.Swarm.NodeID || 'none');
  });

  it('serves images from its registry to a job that runs a task on each node', async () => {
    const ref = `${swarm.registry}/functracer/sleep:latest`;
    await swarm.manager.docker.getImage('functracer/sleep').tag({ repo: `${swarm.registry}/functracer/sleep`, tag: 'latest' });
    const push = (await swarm.manager.docker
      .getImage(ref)
      .push({ authconfig: { serveraddress: swarm.registry } } as never)) as unknown as NodeJS.ReadableStream;
    await new Promise((resolve, reject) => swarm.manager.docker.modem.followProgress(push, (e) => (e ? reject(e) : resolve(null))));
    const service = await swarm.manager.docker.createService({
      Name: 'functracer-test-spread',
      TaskTemplate: {
        ContainerSpec: { Image: ref, Args: ['0'] },
        RestartPolicy: { Condition: 'none' },
        Placement: { MaxReplicas: 1 },
      },
      Mode: { ReplicatedJob: { MaxConcurrent: 2, TotalCompletions: 2 } } as Docker.ServiceMode,
    });
    let tasks: Docker.Task[] = [];
    await until('both tasks to complete', async () => {
      tasks = await swarm.manager.docker.listTasks({ filters: { service: [service.id] } });
      return tasks.length === 2 && tasks.every((t) => (t as { Status?: { State?: string } }).Status?.State === 'complete');
    });
    expect(new Set(tasks.map((t) => (t as { NodeID?: string }).NodeID)).size).toBe(2);
    await swarm.manager.docker.getService(service.id).remove();
  });
});
