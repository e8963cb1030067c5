import os from 'node:os';
import { UserError } from '../core/errors.js';
import type { ContainerRuntime } from '../tracer/runtime.js';

/** The name a function reaches functracer's Runtime API by over a bridge, as Docker Desktop names the host. */
export const HOST_ALIAS = 'host.docker.internal';

/** How a Lambda-style function reaches the Runtime API functracer serves, and where that API listens. */
export type ApiNetwork =
  /** The host's own network: the API on loopback, which the container shares. An engine without a bridge has only this. */
  | { mode: 'host'; listen: '127.0.0.1'; why: string }
  /** The engine's bridge: the API on the bridge's gateway address (never every interface), named HOST_ALIAS inside. */
  | { mode: 'bridge'; listen: string; why: string };

/** What `--network` may be for a function that is invoked: `auto` picks the bridge where there is one. */
export const INVOKE_NETWORKS = ['auto', 'bridge', 'host'] as const;

/**
 * The network an invoked function runs on. `auto` takes the engine's bridge when its gateway is an address of this
 * machine (the container is then apart from the host's services, as on Lambda) and the host's network otherwise,
 * which is all an engine started with `--bridge=none` offers. A gateway that is no address here means the engine
 * runs elsewhere, where a listener on this machine cannot be reached through it.
 */
export async function pickApiNetwork(
  runtime: Pick<ContainerRuntime, 'bridgeGateway'>,
  asked: string,
  localAddresses: () => string[] = hostAddresses,
): Promise<ApiNetwork> {
  if (!(INVOKE_NETWORKS as readonly string[]).includes(asked)) {
    throw new UserError(
      `--network ${asked}: a Lambda-style function runs on the engine's bridge or the host's network`,
      'Use --network bridge or --network host, or leave it out to pick the bridge where the engine has one',
    );
  }
  if (asked === 'host') return { mode: 'host', listen: '127.0.0.1', why: 'as asked' };
  const gateway = (await runtime.bridgeGateway?.()) ?? undefined;
  const local = gateway !== undefined && localAddresses().includes(gateway);
  if (gateway !== undefined && local) return { mode: 'bridge', listen: gateway, why: `the engine's bridge, gateway ${gateway}` };
  if (asked === 'bridge') {
    throw new UserError(
      gateway === undefined
        ? '--network bridge: the engine has no bridge network (started with --bridge=none?)'
        : `--network bridge: the bridge's gateway ${gateway} is not an address of this machine, so the engine runs elsewhere`,
      'Use --network host, or leave --network out',
    );
  }
  return {
    mode: 'host',
    listen: '127.0.0.1',
    why: gateway === undefined ? 'engine has no bridge' : 'bridge not on this host',
  };
}

/** The address the function is given (AWS_LAMBDA_RUNTIME_API), for the port the API listens on. */
export function apiAddressFor(network: ApiNetwork, port: number): string {
  return `${network.mode === 'bridge' ? HOST_ALIAS : '127.0.0.1'}:${port}`;
}

/** The container's network settings: the mode, and over a bridge the name of the API's address. */
export function containerNetwork(network: ApiNetwork): { networkMode: string; extraHosts?: string[] } {
  // The gateway's own address rather than Docker's `host-gateway`: the same entry, and Podman's API takes it too.
  return network.mode === 'bridge' ? { networkMode: 'bridge', extraHosts: [`${HOST_ALIAS}:${network.listen}`] } : { networkMode: 'host' };
}

/**
 * The network a run's spec asks for, as an invoked function takes it: run's default (`none`) cannot reach an API at
 * all, so there it means nothing was asked, and the bridge is picked where the engine has one.
 */
export function invokedNetworkMode(mode: string): string {
  return mode === 'none' ? 'auto' : mode;
}

function hostAddresses(): string[] {
  return Object.values(os.networkInterfaces()).flatMap((entries) => (entries ?? []).map((entry) => entry.address));
}
