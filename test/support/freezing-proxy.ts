import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

/**
 * A unix socket in front of the real engine that forwards everything until it
 * is frozen; from then on it accepts connections and answers nothing, as a
 * wedged daemon or a stuck SSH tunnel does.
 */
export class FreezingProxy {
  private frozen = false;
  private readonly sockets = new Set<net.Socket>();
  private readonly server: net.Server;
  readonly socketPath: string;

  constructor(upstream = '/var/run/docker.sock') {
    this.socketPath = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'functracer-proxy-')), 'engine.sock');
    this.server = net.createServer((client) => {
      this.sockets.add(client);
      client.on('error', () => undefined);
      if (this.frozen) return;
      const engine = net.connect(upstream);
      this.sockets.add(engine);
      engine.on('error', () => client.destroy());
      client.on('data', (chunk) => this.frozen || engine.write(chunk));
      engine.on('data', (chunk) => this.frozen || client.write(chunk));
      client.on('close', () => engine.destroy());
      engine.on('close', () => this.frozen || client.destroy());
    });
  }

  get dockerHost(): string {
    return `unix://${this.socketPath}`;
  }

  listen(): Promise<void> {
    return new Promise((resolve) => this.server.listen(this.socketPath, resolve));
  }

  freeze(): void {
    this.frozen = true;
  }

  close(): void {
    for (const socket of this.sockets) socket.destroy();
    this.server.close();
    fs.rmSync(path.dirname(this.socketPath), { recursive: true, force: true });
  }
}
