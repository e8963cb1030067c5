import net from 'node:net';
import { expect, it } from 'vitest';
import { UserError } from '../../src/core/errors.js';
import { containerNetwork, invokedNetworkMode, listenForFunction } from '../../src/ops/api-network.js';

/** An engine whose bridge has `gateway` (or none). */
const engine = (gateway: string | undefined) => ({ bridgeGateway: () => Promise.resolve(gateway) });

/** A real listener on `host`, ephemeral port, closed again: what listening there says about the address. */
async function listenOn(host: string): Promise<{ host: string }> {
  const server = net.createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, () => resolve());
  });
  await new Promise((resolve) => server.close(resolve));
  return { host };
}

// 192.0.2.1 (TEST-NET-1, RFC 5737) is no address of this machine: the kernel refuses to listen on it, nothing is sent.
const ELSEWHERE = '192.0.2.1';

it('auto takes the bridge where the API can listen on its gateway, given as an address, with host.docker.internal beside', async () => {
  // 127.0.0.2 stands in for a gateway of this machine: loopback, so listening there sends nothing anywhere.
  const { network, api } = await listenForFunction(engine('127.0.0.2'), 'auto', listenOn);
  expect(network).toMatchObject({ mode: 'bridge', listen: '127.0.0.2' });
  expect(api.host).toBe('127.0.0.2');
  expect(containerNetwork(network)).toEqual({ networkMode: 'bridge', extraHosts: ['host.docker.internal:127.0.0.2'] });
});

it("auto falls back to the host's network, on loopback, and says why", async () => {
  const none = await listenForFunction(engine(undefined), 'auto', listenOn);
  expect(none.network).toEqual({ mode: 'host', listen: '127.0.0.1', why: 'engine has no bridge' });
  expect(none.api.host).toBe('127.0.0.1');
  expect(containerNetwork(none.network)).toEqual({ networkMode: 'host' });
  // An engine on another machine: its gateway is no address here, so nothing here can listen on its bridge.
  const elsewhere = await listenForFunction(engine(ELSEWHERE), 'auto', listenOn);
  expect(elsewhere.network).toMatchObject({ mode: 'host', why: 'bridge not on this host' });
  // A runtime that cannot tell (a probe's, a fake): the host's network.
  expect((await listenForFunction({}, 'auto', listenOn)).network).toMatchObject({ mode: 'host' });
});

it('host and bridge as asked; bridge refused where it cannot work; any other network refused; other errors pass', async () => {
  expect((await listenForFunction(engine('127.0.0.2'), 'host', listenOn)).network).toMatchObject({ mode: 'host', why: 'as asked' });
  expect((await listenForFunction(engine('127.0.0.2'), 'bridge', listenOn)).network).toMatchObject({ mode: 'bridge' });
  await expect(listenForFunction(engine(undefined), 'bridge', listenOn)).rejects.toThrow(/has no bridge network/);
  await expect(listenForFunction(engine(ELSEWHERE), 'bridge', listenOn)).rejects.toThrow(/192\.0\.2\.1 is not an address of this machine/);
  const refused = listenForFunction(engine('127.0.0.2'), 'mynet', listenOn);
  await expect(refused).rejects.toBeInstanceOf(UserError);
  await expect(refused).rejects.toThrow(/--network mynet/);
  const full = Object.assign(new Error('listen EMFILE'), { code: 'EMFILE' });
  await expect(listenForFunction(engine('127.0.0.2'), 'auto', () => Promise.reject(full))).rejects.toBe(full);
});

it("run's default network means nothing was asked for an invoked function", () => {
  expect(invokedNetworkMode('none')).toBe('auto');
  expect(invokedNetworkMode('host')).toBe('host');
});

it("on a swarm an invoked function stays on its node's host network, where the probe serves the API; bridge is refused", () => {
  expect(invokedNetworkMode('none', true)).toBe('host');
  expect(invokedNetworkMode('auto', true)).toBe('host');
  expect(() => invokedNetworkMode('bridge', true)).toThrow(UserError);
  expect(() => invokedNetworkMode('bridge', true)).toThrow(/--network bridge does not go with --on swarm/);
  expect(() => invokedNetworkMode('mynet', true)).toThrow(/--network mynet does not go with --on swarm/);
});
