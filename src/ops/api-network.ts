import { UserError } from '../core/errors.js';
import type { ContainerRuntime } from '../tracer/runtime.js';

/** The host's name inside a container on the bridge, as Docker Desktop names it: for the function's own code. */
export const HOST_ALIAS = 'host.docker.internal';

/** How a Lambda-style function reaches the Runtime API functracer serves, and where that API listens. */
export type ApiNetwork =
  /** The host's own network: the API on loopback, which the container shares. An engine without a bridge has only this. */
  | { mode: 'host'; listen: string; why: string }
  /** The engine's bridge: the API on the bridge's gateway address (never every interface); HOST_ALIAS names it inside. */
  | { mode: 'bridge'; listen: string; why: string };

/** What `--network` may be for a function that is invoked: `auto` picks the bridge where there is one. */
export const INVOKE_NETWORKS = ['auto', 'bridge', 'host'] as const;

/**
 * The network an invoked function runs on, and the Runtime API listening where it can reach it. `auto` takes the
 * engine's bridge when the API can listen on its gateway address (the container is then apart from the host's
 * services, as on Lambda), and the host's network otherwise, which is all an engine started with `--bridge=none`
 * offers. Listening is the test: an address that is not this machine's (an engine that runs elsewhere) cannot be
 * listened on, while a bridge with no container on it yet is down but still this machine's.
 */
export async function listenForFunction<Api>(
  runtime: Pick<ContainerRuntime, 'bridgeGateway'>,
  asked: string,
  listen: (host: string) => Promise<Api>,
): Promise<{ network: ApiNetwork; api: Api }> {
  if (!(INVOKE_NETWORKS as readonly string[]).includes(asked)) {
    throw new UserError(
      `--network ${asked}: a Lambda-style function runs on the engine's bridge or the host's network`,
      'Use --network bridge or --network host, or leave it out to pick the bridge where the engine has one',
    );
  }
  const onHost = async (why: string) => ({ network: { mode: 'host', listen: LOOPBACK, why } as const, api: await listen(LOOPBACK) });
  if (asked === 'host') return onHost('as asked');
  const gateway = (await runtime.bridgeGateway?.()) ?? undefined;
  if (gateway === undefined) {
    if (asked === 'bridge') throw noBridge('the engine has no bridge network (started with --bridge=none?)');
    return onHost('engine has no bridge');
  }
  try {
    return { network: { mode: 'bridge', listen: gateway, why: `the engine's bridge, gateway ${gateway}` }, api: await listen(gateway) };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EADDRNOTAVAIL') throw error;
    if (asked === 'bridge')
      throw noBridge(`the bridge's gateway ${gateway} is not an address of this machine, so the engine runs elsewhere`);
    return onHost('bridge not on this host');
  }
}

const LOOPBACK = '127.0.0.1';

function noBridge(why: string): UserError {
  return new UserError(`--network bridge: ${why}`, 'Use --network host, or leave --network out');
}

/** The container's network settings: the mode, and over a bridge the name of the API's address. */
export function containerNetwork(network: ApiNetwork): { networkMode: string; extraHosts?: string[] } {
  // The gateway's own address rather than Docker's `host-gateway`: the same entry, and Podman's API takes it too.
  return network.mode === 'bridge' ? { networkMode: 'bridge', extraHosts: [`${HOST_ALIAS}:${network.listen}`] } : { networkMode: 'host' };
}

/**
 * The network a run's spec asks for, as an invoked function takes it: run's default (`none`) cannot reach an API at
 * all, so there it means nothing was asked, and the bridge is picked where the engine has one. On a swarm the node's
 * probe serves the API on the node's host network, the one way tested there.
 */
export function invokedNetworkMode(mode: string, onSwarm = false): string {
  if (!onSwarm) return mode === 'none' ? 'auto' : mode;
  if (mode === 'none' || mode === 'auto' || mode === 'host') return 'host';
  throw new UserError(
    `--network ${mode} does not go with --on swarm yet: the node's probe serves the Runtime API on its host network`,
    'Leave --network out',
  );
}
