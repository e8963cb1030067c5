import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

/**
 * What to do with one request, decided from its request line
 * (`POST /v1.41/containers/create?name=… HTTP/1.1`):
 * - `pass`: forward it;
 * - `swallow`: never forward it and never answer it (that connection goes silent);
 * - `freeze`: swallow it and freeze the whole proxy from then on;
 * - `{ holdAnswerMs }`: forward it at once, but hold the engine's answer that long (a slow engine).
 * A rule may take its time (to kill or stop an engine) before the request goes on.
 */
export type RequestAction = 'pass' | 'swallow' | 'freeze' | { holdAnswerMs: number };
export type RequestRule = (requestLine: string) => RequestAction | Promise<RequestAction>;

const REQUEST_LINE = /^[A-Z]+ \S+ HTTP\/1\.[01]/;

/**
 * A unix socket in front of a real engine that forwards everything until it
 * is frozen; from then on it accepts connections and answers nothing, as a
 * wedged daemon or a stuck SSH tunnel does. A rule can swallow, delay or act
 * on single requests, so a fault can be placed in one step of a run.
 */
export class FreezingProxy {
  private frozen = false;
  private readonly sockets = new Set<net.Socket>();
  private readonly server: net.Server;
  readonly socketPath: string;
  /** Request lines in the order they came, for tests to wait on. */
  readonly seen: string[] = [];

  constructor(
    upstream = '/var/run/docker.sock',
    private readonly rule: RequestRule = () => 'pass',
  ) {
    this.socketPath = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'functracer-proxy-')), 'engine.sock');
    this.server = net.createServer((client) => this.serve(client, upstream));
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

  private serve(client: net.Socket, upstream: string): void {
    this.sockets.add(client);
    client.on('error', () => undefined);
    if (this.frozen) return;
    const engine = net.connect(upstream);
    this.sockets.add(engine);
    let silent = false;
    let holdUntil = 0;
    // Chunks go on in order, each after the rule has decided on the request it starts.
    let queue = Promise.resolve();
    engine.on('error', () => client.destroy());
    client.on('data', (chunk: Buffer) => {
      queue = queue.then(async () => {
        const line = REQUEST_LINE.exec(chunk.toString('latin1', 0, Math.min(chunk.length, 512)))?.[0];
        if (line !== undefined && !this.frozen && !silent) {
          this.seen.push(line);
          const action = await this.rule(line);
          if (action === 'freeze') this.frozen = true;
          if (action === 'swallow' || action === 'freeze') silent = true;
          if (typeof action === 'object') holdUntil = Date.now() + action.holdAnswerMs;
        }
        if (!this.frozen && !silent) engine.write(chunk);
      });
    });
    engine.on('data', (chunk: Buffer) => {
      const send = () => this.frozen || silent || client.write(chunk);
      const wait = holdUntil - Date.now();
      // Held answers keep their order: a later chunk waits for the same moment.
      if (wait > 0) setTimeout(send, wait);
      else send();
    });
    client.on('close', () => engine.destroy());
    // An engine that closes after answering: the client hears the close only after the held answer.
    engine.on('close', () => setTimeout(() => this.frozen || silent || client.destroy(), Math.max(0, holdUntil - Date.now())));
  }
}
