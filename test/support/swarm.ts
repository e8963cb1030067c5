import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

import { SOCKET_NODE_LABEL } from '../../src/tracer/swarm/swarm-cluster.js';
import { PrivateEngine } from './private-engine.js';

/** The loopback addresses the test swarm's nodes advertise; never the main engine, never another host. */
const NODE_ADDRESSES = ['127.0.0.2', '127.0.0.3'];
const REGISTRY_ADDRESS = '127.0.0.2';

/** Every wait here ends: an engine or a registry that does not answer in this time fails the test. */
const WAIT_MS = 60_000;

/**
 * A swarm of its own for test:swarm: two private dockerds (see PrivateEngine) joined on loopback addresses, the
 * first a manager, plus Debian's docker-registry on a free port of 127.0.0.2 with its own storage. The shared engine
 * is never a member. Everything it started is stopped by pid in `remove`, and, should the test process die
 * first, killed in an exit hook, so a failed test leaves no engine, registry or mount behind.
 *
 *   const swarm = await TestSwarm.start();
 *   swarm.managerHost   // DOCKER_HOST for a coordinator
 *   swarm.registry      // 127.0.0.2:PORT
 *   await swarm.remove();
 */
export class TestSwarm {
  readonly dir = fs.mkdtempSync(path.join(os.tmpdir(), 'functracer-swarm-'));
  readonly engines: PrivateEngine[] = NODE_ADDRESSES.map(() => new PrivateEngine());
  /** host:port of the registry. */
  registry = '';
  private registryProcess: ChildProcess | undefined;
  private readonly onExit = () => this.abandon();

  private constructor() {
    process.once('exit', this.onExit);
  }

  static async start(): Promise<TestSwarm> {
    const swarm = new TestSwarm();
    try {
      await Promise.all(swarm.engines.map((engine) => engine.start()));
      await swarm.join();
      await swarm.startRegistry();
      return swarm;
    } catch (error) {
      await swarm.remove();
      throw error;
    }
  }

  get manager(): PrivateEngine {
    return this.engines[0]!;
  }

  /** DOCKER_HOST for a coordinator: the manager's socket. */
  get managerHost(): string {
    return this.manager.dockerHost;
  }

  /** Swarm node ids, in the engines' order. */
  async nodeIds(): Promise<string[]> {
    return Promise.all(this.engines.map(async (engine) => ((await engine.docker.info()) as { Swarm: { NodeID: string } }).Swarm.NodeID));
  }

  private async join(): Promise<void> {
    const [manager, ...workers] = this.engines;
    const address = NODE_ADDRESSES[0]!;
    const port = await freePort(address);
    await manager!.docker.swarmInit({
      ListenAddr: `${address}:${port}`,
      AdvertiseAddr: `${address}:${port}`,
      DataPathAddr: address,
      // Another swarm on this machine (a second test run) must not collide on VXLAN's default 4789.
      DataPathPort: await freePort(address),
      ForceNewCluster: false,
    });
    const tokens = ((await manager!.docker.swarmInspect()) as { JoinTokens: { Worker: string } }).JoinTokens;
    for (const [i, worker] of workers.entries()) {
      const own = NODE_ADDRESSES[i + 1]!;
      const ownPort = await freePort(own);
      await worker.docker.swarmJoin({
        ListenAddr: `${own}:${ownPort}`,
        AdvertiseAddr: `${own}:${ownPort}`,
        DataPathAddr: own,
        RemoteAddrs: [`${address}:${port}`],
        JoinToken: tokens.Worker,
      });
    }
    const ids = await this.nodeIds();
    await until('every node ready', async () => {
      const nodes = await manager!.docker.listNodes();
      return ids.every((id) => nodes.some((n) => n.ID === id && n.Status?.State === 'ready'));
    });
    // Each node says where its engine's socket is: here every engine has its own path, in a lab /var/run/docker.sock.
    for (const [i, id] of ids.entries()) await this.labelNode(id, { [SOCKET_NODE_LABEL]: this.engines[i]!.socketPath });
  }

  async labelNode(id: string, labels: Record<string, string>): Promise<void> {
    const node = this.manager.docker.getNode(id);
    const info = (await node.inspect()) as { Version: { Index: number }; Spec: { Labels?: Record<string, string> } };
    await node.update({ version: info.Version.Index, ...info.Spec, Labels: { ...info.Spec.Labels, ...labels } });
  }

  private async startRegistry(): Promise<void> {
    const port = await freePort(REGISTRY_ADDRESS);
    const storage = path.join(this.dir, 'registry');
    fs.mkdirSync(storage);
    const config = path.join(this.dir, 'registry.yml');
    fs.writeFileSync(
      config,
      [
        'version: 0.1',
        'log:',
        '  level: warn',
        'storage:',
        '  filesystem:',
        `    rootdirectory: ${storage}`,
        'http:',
        `  addr: ${REGISTRY_ADDRESS}:${port}`,
        '',
      ].join('\n'),
    );
    const log = fs.openSync(path.join(this.dir, 'registry.log'), 'a');
    this.registryProcess = spawn('docker-registry', ['serve', config], { stdio: ['ignore', log, log] });
    fs.closeSync(log);
    this.registry = `${REGISTRY_ADDRESS}:${port}`;
    const spawned = this.registryProcess;
    await until('the registry to answer', async () => {
      if (spawned.exitCode !== null)
        throw new Error(`docker-registry exited: ${fs.readFileSync(path.join(this.dir, 'registry.log'), 'utf8')}`);
      const answer = await fetch(`http://${this.registry}/v2/`, { signal: AbortSignal.timeout(2000) }).catch(() => undefined);
      return answer?.status === 200;
    });
  }

  /** Kills one node's engine, as a machine that dies does; its mounts and files stay until `remove`. */
  killNode(index: number): void {
    this.engines[index]!.signal('SIGKILL');
  }

  /** Leaves the swarm, stops the registry and removes the engines with all they made. */
  async remove(): Promise<void> {
    for (const engine of [...this.engines].reverse()) {
      if (engine.running && (await engine.answers())) {
        await engine.docker.swarmLeave({ force: true }).catch(() => {});
      }
    }
    await this.stopRegistry();
    for (const engine of this.engines) await engine.remove();
    fs.rmSync(this.dir, { recursive: true, force: true });
    process.removeListener('exit', this.onExit);
  }

  private async stopRegistry(): Promise<void> {
    const registry = this.registryProcess;
    if (!registry || registry.exitCode !== null || registry.signalCode !== null) return;
    const gone = new Promise((resolve) => registry.once('exit', resolve));
    registry.kill('SIGTERM');
    const late = setTimeout(() => registry.kill('SIGKILL'), 10_000);
    await gone;
    clearTimeout(late);
  }

  /** The exit hook: no await is possible, so everything it started is killed by pid and its folders unmounted and removed. */
  private abandon(): void {
    this.registryProcess?.kill('SIGKILL');
    for (const engine of this.engines) {
      engine.signal('SIGKILL');
      for (const pid of engine.processesOfMine()) process.kill(pid, 'SIGKILL');
      for (const mount of engine.mounts()) {
        try {
          execFileSync('umount', ['-l', mount]);
        } catch {
          // Gone meanwhile.
        }
      }
      fs.rmSync(engine.dir, { recursive: true, force: true });
    }
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

/** A port free on that address now; the engine or registry binds it a moment later. */
function freePort(host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, host, () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Polls until `check` says yes, for at most WAIT_MS. */
export async function until(what: string, check: () => Promise<boolean>, ms = WAIT_MS): Promise<void> {
  for (const end = Date.now() + ms; ; await new Promise((resolve) => setTimeout(resolve, 250))) {
    if (await check()) return;
    if (Date.now() > end) throw new Error(`waited ${ms / 1000} s for ${what}`);
  }
}
