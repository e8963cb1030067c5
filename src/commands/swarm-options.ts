import type { Command } from 'commander';
import { UserError } from '../core/errors.js';
import type { SwarmOptions } from '../ops/swarm.js';
import { checkRegistry } from '../tracer/swarm/registry.js';
import { numberFlag } from './flags.js';

export interface SwarmFlags {
  on?: string;
  parallel?: string;
  shareNodes?: boolean;
  registry?: string;
}

/** The trace settings a probe does not carry yet: refused with --on swarm rather than dropped. */
interface LocalOnlyFlags {
  uhull?: string;
  sampler?: string;
}

/** `--on swarm` and what goes with it, for the commands that spread runs over nodes. */
export function addSwarmOptions(command: Command, { parallel = true } = {}): Command {
  command
    .option('--on <where>', 'run on the nodes of the Docker Swarm DOCKER_HOST manages: --on swarm')
    .option('--share-nodes', 'with --on swarm: let runs share a node (their measurements then disturb each other)')
    .option('--registry <host:port>', 'with --on swarm: push the probe and function images there for the nodes to pull');
  if (parallel) command.option('--parallel <n>', 'with --on swarm: runs at once at most, each on a node of its own (default 1)');
  return command;
}

/** The swarm options, checked before anything runs; undefined for a run on this engine. */
export function parseSwarmFlags(flags: SwarmFlags & LocalOnlyFlags, { ownParallel = true } = {}): SwarmOptions | undefined {
  if (flags.on === undefined) {
    const strays = [
      ...(flags.shareNodes ? ['--share-nodes'] : []),
      ...(flags.registry !== undefined ? ['--registry'] : []),
      // A command whose --parallel means runs side by side on this host (tune) keeps it without --on.
      ...(ownParallel && flags.parallel !== undefined ? ['--parallel'] : []),
    ];
    const stray = strays[0];
    if (stray) throw new UserError(`${stray} goes with --on swarm`, `Add --on swarm, or leave out ${stray}`);
    return undefined;
  }
  if (flags.on !== 'swarm') throw new UserError(`--on ${JSON.stringify(flags.on)} is not a place functracer can run on`, 'Use --on swarm');
  if (flags.uhull !== undefined) {
    throw new UserError('--uhull does not go with --on swarm yet: a probe replays no hull', 'Run it here without --on swarm');
  }
  if (flags.sampler !== undefined && flags.sampler !== 'auto') {
    throw new UserError(
      `--sampler ${flags.sampler} does not go with --on swarm yet: a probe picks its node's sampler`,
      'Leave --sampler out, or run it here without --on swarm',
    );
  }
  return {
    parallel: numberFlag(flags.parallel ?? '1', '--parallel', { kind: 'positive integer', max: 1024, example: '2' }),
    shareNodes: flags.shareNodes === true,
    ...(flags.registry !== undefined ? { registry: checkRegistry(flags.registry) } : {}),
  };
}
