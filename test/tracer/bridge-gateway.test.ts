import { expect, it } from 'vitest';
import { bridgeGatewayOf } from '../../src/tracer/bridge-gateway.js';

it('takes the gateway the engine names', () => {
  expect(bridgeGatewayOf([{ Subnet: '172.17.0.0/16', Gateway: '172.17.0.1' }])).toBe('172.17.0.1');
  expect(
    bridgeGatewayOf([
      { Subnet: 'fd00::/64', Gateway: 'fd00::1' },
      { Subnet: '10.9.0.0/24', Gateway: '10.9.0.254' },
    ]),
  ).toBe('10.9.0.254');
});

it("takes the subnet's first address when Docker 20.10 leaves the default bridge's gateway out", () => {
  expect(bridgeGatewayOf([{ Subnet: '172.17.0.0/16' }])).toBe('172.17.0.1');
  expect(bridgeGatewayOf([{ Subnet: '192.168.77.128/25' }])).toBe('192.168.77.129');
  // A subnet written from a host address (docker0's own, 172.18.5.1/16) still names its network's first address.
  expect(bridgeGatewayOf([{ Subnet: '172.18.5.1/16' }])).toBe('172.18.0.1');
});

it('has none for no config, IPv6 only, or nonsense', () => {
  expect(bridgeGatewayOf([])).toBeUndefined();
  expect(bridgeGatewayOf([{ Subnet: 'fd00::/64' }])).toBeUndefined();
  expect(bridgeGatewayOf([{ Subnet: '300.1.1.0/24', Gateway: 'gateway' }])).toBeUndefined();
  expect(bridgeGatewayOf([{ Subnet: '10.0.0.0/31' }])).toBeUndefined();
});
