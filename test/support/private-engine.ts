import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Docker from 'dockerode';
import { waitFor } from './leftovers.js';

/**
 * A dockerd of the test's own (its own data and exec roots, socket and pid file; no bridge, no iptables), for
 * tests that remove images or must know the engine has finished with a request: the shared engine and the
 * images other tests use are never touched. Stopped by its pid only.
 */
export class PrivateEngine {
  readonly dir = fs.mkdtempSync(path.join(os.tmpdir(), 'functracer-engine-'));
  private readonly socket = path.join(this.dir, 'engine.sock');
  private daemon: ChildProcess | undefined;

  get dockerHost(): string {
    return `unix://${this.socket}`;
  }

  /** Where the engine keeps its layers: what a half-imported image would leave. */
  get layerDir(): string {
    return path.join(this.dir, 'data', 'overlay2');
  }

  /** Starts the daemon and resolves once it answers. */
  async start(): Promise<Docker> {
    const log = fs.openSync(path.join(this.dir, 'dockerd.log'), 'a');
    const args = ['--data-root', path.join(this.dir, 'data'), '--exec-root', path.join(this.dir, 'exec')];
    args.push('-H', this.dockerHost, '--pidfile', path.join(this.dir, 'dockerd.pid'), '--bridge=none', '--iptables=false');
    const daemon = spawn('dockerd', args, { stdio: ['ignore', log, log] });
    fs.closeSync(log);
    this.daemon = daemon;
    const exited = new Promise<never>((_, reject) =>
      daemon.once('exit', (code) => reject(new Error(`dockerd exited (${code}): ${this.log()}`))),
    );
    exited.catch(() => undefined);
    const docker = new Docker({ socketPath: this.socket });
    await Promise.race([exited, waitFor(() => (fs.existsSync(this.socket) ? true : undefined), 60_000)]);
    for (const end = Date.now() + 60_000; ; await new Promise((resolve) => setTimeout(resolve, 100))) {
      if (
        await docker.ping().then(
          () => true,
          () => false,
        )
      )
        return docker;
      if (Date.now() > end) throw new Error(`the private dockerd did not answer within 60 s: ${this.log()}`);
    }
  }

  /** Stops the daemon (SIGTERM, then SIGKILL after 30 s) and resolves once it has exited: no request of its is in flight any more. */
  async stop(): Promise<void> {
    const daemon = this.daemon;
    this.daemon = undefined;
    if (!daemon || daemon.exitCode !== null || daemon.signalCode !== null) return;
    const exited = new Promise((resolve) => daemon.once('exit', resolve));
    daemon.kill('SIGTERM');
    const late = setTimeout(() => daemon.kill('SIGKILL'), 30_000);
    await exited;
    clearTimeout(late);
  }

  /** Stops the daemon and removes its folder. */
  async remove(): Promise<void> {
    await this.stop();
    fs.rmSync(this.dir, { recursive: true, force: true });
  }

  private log(): string {
    return fs.readFileSync(path.join(this.dir, 'dockerd.log'), 'utf8').trim().split('\n').slice(-3).join(' | ');
  }
}
