import net from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';

// An engine that accepts the connection and never answers: a wedged daemon, or a stuck SSH tunnel.
let silent: net.Server;
const sockets = new Set<net.Socket>();
let host = '';

beforeAll(async () => {
  silent = net.createServer((socket) => sockets.add(socket));
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  host = `tcp://127.0.0.1:${(silent.address() as net.AddressInfo).port}`;
});
afterAll(() => {
  sockets.forEach((socket) => socket.destroy());
  silent.close();
});

it('every command that connects gives up on a silent engine after its 5 s deadline, in one line, and exits', async () => {
  const commands = [
    ['run', 'functracer/hello'],
    ['multi', '-n', '2', 'functracer/hello'],
    ['samples', 'list'],
    ['hull', '--runs', '1'],
    ['tune', '--runs', '1', '--sizes', '128', 'functracer/hello'],
  ];
  // What starting these processes side by side costs on this machine now, without any engine: --help connects to nothing.
  const startups = await Promise.all(
    commands.map(async () => {
      const started = Date.now();
      await runCli(['--help']);
      return Date.now() - started;
    }),
  );
  const startup = Math.max(...startups);
  const results = await Promise.all(
    commands.map(async (args) => {
      const started = Date.now();
      // The harness's own timeout kills a hung process, which then fails the exit-code check.
      const result = await runCli(args, { env: { DOCKER_HOST: host }, timeoutMs: 15_000 });
      return { args, ...result, ms: Date.now() - started };
    }),
  );
  for (const { code, stderr, ms } of results) {
    expect(code).toBe(2);
    expect(stderr.trim().split('\n')).toEqual([
      expect.stringMatching(/^functracer: no Docker engine answers at tcp:\/\/127\.0\.0\.1:\d+ \(no answer within 5000 ms\)/),
    ]);
    // The deadline plus a second, after the start-up measured above: never "for ever".
    expect(ms).toBeLessThan(5_000 + startup + 1_000);
  }
});
