import { execFile, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import Docker from 'dockerode';
import { waitFor } from './leftovers.js';

const run = promisify(execFile);

/**
 * A dockerd of the test's own (its own data and exec roots, socket and pid file; no bridge, no iptables), for
 * tests that remove images, must know the engine has finished with a request, or kill and freeze the engine:
 * the shared engine and the images other tests use are never touched. It is signalled by its pid only, and
 * `remove` takes away everything it made: its containers, its containerd and the shims that outlive a killed
 * dockerd (found by its folder on their command line), the mounts under its folder, and the folder.
 *
 *   const engine = new PrivateEngine();
 *   const docker = await engine.start();
 *   await engine.loadImages(shared, ['functracer/sleep']);
 *   engine.signal('SIGKILL'); await engine.start();   // a killed engine comes back on the same folders
 *   await engine.remove();
 */
export class PrivateEngine {
  readonly dir = fs.mkdtempSync(path.join(os.tmpdir(), 'functracer-engine-'));
  readonly socketPath = path.join(this.dir, 'engine.sock');
  /** A client for this engine, for the test's own requests. */
  readonly docker = new Docker({ socketPath: this.socketPath });
  private daemon: ChildProcess | undefined;
  private exited: Promise<void> = Promise.resolve();

  get dockerHost(): string {
    return `unix://${this.socketPath}`;
  }

  /** Where the engine keeps its layers: what a half-imported image would leave. */
  get layerDir(): string {
    return path.join(this.dir, 'data', 'overlay2');
  }

  /** Whether its process is there, running or stopped. */
  get running(): boolean {
    return this.daemon !== undefined && this.daemon.exitCode === null && this.daemon.signalCode === null;
  }

  /**
   * Starts the daemon and resolves once it answers. After a kill it starts on the same folders: its containerd
   * dies with it a moment later and stays a zombie until init reaps it, and a dockerd that finds the old pid
   * files takes it for running and waits for it for ever, so those go first.
   */
  async start(): Promise<Docker> {
    if (this.running) throw new Error('the private dockerd is running already');
    await this.exited;
    const containerd = () => this.processesOfMine((cmdline) => cmdline.startsWith('containerd\0'));
    await waitFor(() => (containerd().length === 0 ? true : undefined), 10_000);
    fs.rmSync(path.join(this.dir, 'exec', 'containerd', 'containerd.pid'), { force: true });
    fs.rmSync(path.join(this.dir, 'dockerd.pid'), { force: true });
    const log = fs.openSync(path.join(this.dir, 'dockerd.log'), 'a');
    const args = ['--data-root', path.join(this.dir, 'data'), '--exec-root', path.join(this.dir, 'exec')];
    args.push('-H', this.dockerHost, '--pidfile', path.join(this.dir, 'dockerd.pid'), '--bridge=none', '--iptables=false');
    const daemon = spawn('dockerd', args, { stdio: ['ignore', log, log] });
    fs.closeSync(log);
    this.daemon = daemon;
    this.exited = new Promise((resolve) => daemon.once('exit', () => resolve()));
    for (const end = Date.now() + 60_000; ; await new Promise((resolve) => setTimeout(resolve, 100))) {
      if (!this.running) throw new Error(`dockerd exited (${daemon.exitCode ?? daemon.signalCode}): ${this.log()}`);
      if (await this.answers()) return this.docker;
      if (Date.now() > end) throw new Error(`the private dockerd did not answer within 60 s: ${this.log()}`);
    }
  }

  /** Whether it answers a ping within 2 s. */
  answers(): Promise<boolean> {
    // dockerode 4 takes the signal; @types/dockerode does not declare ping's options.
    const ping = this.docker.ping.bind(this.docker) as unknown as (options: { abortSignal: AbortSignal }) => Promise<unknown>;
    return ping({ abortSignal: AbortSignal.timeout(2000) }).then(
      () => true,
      () => false,
    );
  }

  /** Sends a signal to this dockerd, by its pid; never to any other engine. One that is gone gets none. */
  signal(signal: NodeJS.Signals): void {
    if (this.running) process.kill(this.daemon!.pid!, signal);
  }

  /** Settles once the process has exited (at once if it has). */
  gone(): Promise<void> {
    return this.exited;
  }

  /** Copies images from another engine (the shared one), as `docker save | docker load` does. */
  async loadImages(from: Docker, names: string[]): Promise<void> {
    for (const name of names) {
      const answer = (await this.docker.loadImage(await from.getImage(name).get())) as NodeJS.ReadableStream;
      await new Promise<void>((resolve, reject) => {
        answer.on('error', reject);
        answer.on('end', resolve);
        answer.resume();
      });
    }
  }

  /** Stops the daemon (SIGTERM, then SIGKILL after 30 s) and resolves once it has exited: no request of its is in flight any more. */
  async stop(): Promise<void> {
    if (!this.running) return;
    this.signal('SIGCONT');
    this.signal('SIGTERM');
    const late = setTimeout(() => this.signal('SIGKILL'), 30_000);
    await this.exited;
    clearTimeout(late);
  }

  /** Removes its containers, stops it, and takes away every process, mount and file it left. */
  async remove(): Promise<void> {
    this.signal('SIGCONT');
    if (this.running && (await this.answers())) {
      for (const c of await this.docker.listContainers({ all: true })) await this.docker.getContainer(c.Id).remove({ force: true });
    }
    await this.stop();
    for (const pid of this.processesOfMine()) process.kill(pid, 'SIGKILL');
    await waitFor(() => (this.processesOfMine().length === 0 ? true : undefined), 10_000);
    for (const mount of this.mounts()) await run('umount', ['-l', mount]);
    fs.rmSync(this.dir, { recursive: true, force: true });
  }

  /** Mount points under its folder, deepest first: dockerd binds its data root onto itself and leaves it after a kill. */
  mounts(): string[] {
    return fs
      .readFileSync('/proc/self/mountinfo', 'utf8')
      .split('\n')
      .map((line) => line.split(' ')[4] ?? '')
      .filter((point) => point === this.dir || point.startsWith(`${this.dir}/`))
      .sort((a, b) => b.length - a.length);
  }

  /** Its containerd and the shims it started name its folder on their command line; zombies have none. */
  processesOfMine(which: (cmdline: string) => boolean = () => true): number[] {
    const pids: number[] = [];
    for (const entry of fs.readdirSync('/proc')) {
      if (!/^\d+$/.test(entry) || Number(entry) === process.pid || Number(entry) === this.daemon?.pid) continue;
      try {
        const cmdline = fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8');
        if (cmdline.includes(`${this.dir}/`) && which(cmdline)) pids.push(Number(entry));
      } catch {
        // Gone meanwhile.
      }
    }
    return pids;
  }

  private log(): string {
    return fs.readFileSync(path.join(this.dir, 'dockerd.log'), 'utf8').trim().split('\n').slice(-3).join(' | ');
  }
}
