import { expect, it } from 'vitest';
import { UserError } from '../../src/core/errors.js';
import { apiAddressFor, containerNetwork, invokedNetworkMode, pickApiNetwork } from '../../src/ops/api-network.js';

/** An engine whose bridge has `gateway` (or none), on a machine with these addresses. */
const engine = (gateway: string | undefined) => ({ bridgeGateway: () => Promise.resolve(gateway) });
const here = () => ['127.0.0.1', '172.17.0.1', '::1'];

it('auto takes the bridge where its gateway is an address of this machine, and names the API by host.docker.internal there', async () => {
  const network = await pickApiNetwork(engine('172.17.0.1'), 'auto', here);
  expect(network).toMatchObject({ mode: 'bridge', listen: '172.17.0.1' });
  expect(apiAddressFor(network, 40833)).toBe('host.docker.internal:40833');
  expect(containerNetwork(network)).toEqual({ networkMode: 'bridge', extraHosts: ['host.docker.internal:172.17.0.1'] });
});

it("auto falls back to the host's network, on loopback, and says why", async () => {
  const none = await pickApiNetwork(engine(undefined), 'auto', here);
  expect(none).toEqual({ mode: 'host', listen: '127.0.0.1', why: 'engine has no bridge' });
  expect(apiAddressFor(none, 1)).toBe('127.0.0.1:1');
  expect(containerNetwork(none)).toEqual({ networkMode: 'host' });
  // An engine on another machine: its gateway is no address here, so a listener here is not on its bridge.
  expect(await pickApiNetwork(engine('10.1.0.1'), 'auto', here)).toMatchObject({ mode: 'host', why: 'bridge not on this host' });
  // A runtime that cannot tell (a probe's, a fake): the host's network.
  expect(await pickApiNetwork({}, 'auto', here)).toMatchObject({ mode: 'host' });
});

it('host and bridge as asked; bridge refused where it cannot work; any other network refused', async () => {
  expect(await pickApiNetwork(engine('172.17.0.1'), 'host', here)).toMatchObject({ mode: 'host', why: 'as asked' });
  expect(await pickApiNetwork(engine('172.17.0.1'), 'bridge', here)).toMatchObject({ mode: 'bridge' });
  await expect(pickApiNetwork(engine(undefined), 'bridge', here)).rejects.toThrow(/has no bridge network/);
  await expect(pickApiNetwork(engine('10.1.0.1'), 'bridge', here)).rejects.toThrow(/10\.1\.0\.1 is not an address of this machine/);
  const refused = pickApiNetwork(engine('172.17.0.1'), 'mynet', here);
  await expect(refused).rejects.toBeInstanceOf(UserError);
  await expect(refused).rejects.toThrow(/--network mynet/);
});

it("run's default network means nothing was asked for an invoked function", () => {
  expect(invokedNetworkMode('none')).toBe('auto');
  expect(invokedNetworkMode('host')).toBe('host');
});
