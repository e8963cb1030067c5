import net from 'node:net';
import { afterAll, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';

/** An engine that accepts the connection and never answers: a wedged daemon, or a stuck SSH tunnel. Notes when it was first called. */
class SilentEngine {
  private readonly server = net.createServer((socket) => {
    this.firstCall ??= Date.now();
    this.sockets.add(socket);
  });
  private readonly sockets = new Set<net.Socket>();
  firstCall: number | undefined;

  async listen(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `tcp://127.0.0.1:${(this.server.address() as net.AddressInfo).port}`;
  }

  close(): void {
    this.sockets.forEach((socket) => socket.destroy());
    this.server.close();
  }
}

const engines: SilentEngine[] = [];
afterAll(() => engines.forEach((engine) => engine.close()));

const DEADLINE_MS = 5_000;

it('every command that connects gives up on a silent engine after its 5 s deadline, in one line, and exits', async () => {
  const commands = [
    ['run', 'functracer/hello'],
    ['multi', '-n', '2', 'functracer/hello'],
    ['samples', 'list'],
    ['hull', '--runs', '1'],
    ['tune', '--runs', '1', '--sizes', '128', 'functracer/hello'],
  ];
  const results = await Promise.all(
    commands.map(async (args) => {
      // An engine per command, so each one's wait is timed from its own first call, whatever starting Node cost on a busy machine.
      const engine = new SilentEngine();
      engines.push(engine);
      const host = await engine.listen();
      // The harness's own timeout kills a hung process, which then fails the exit-code check.
      const result = await runCli(args, { env: { DOCKER_HOST: host }, timeoutMs: 30_000 });
      return { args, ...result, waitedMs: engine.firstCall === undefined ? undefined : Date.now() - engine.firstCall };
    }),
  );
  for (const { args, code, stderr, waitedMs } of results) {
    expect({ args, code }).toEqual({ args, code: 2 });
    expect(stderr.trim().split('\n')).toEqual([
      expect.stringMatching(/^functracer: no Docker engine answers at tcp:\/\/127\.0\.0\.1:\d+ \(no answer within 5000 ms\)/),
    ]);
    // It waited for its deadline, then gave up and exited: once, not again after a second try, nor for ever.
    // The clock starts a moment before the connection is made, so a loaded machine can show a little less than the deadline.
    expect(waitedMs, args.join(' ')).toBeGreaterThan(DEADLINE_MS - 1_000);
    expect(waitedMs, args.join(' ')).toBeLessThan(2 * DEADLINE_MS);
  }
});
