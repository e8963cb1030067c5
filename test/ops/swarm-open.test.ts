import { describe, expect, it } from 'vitest';
import { planOf } from '../../src/core/run-plan.js';
import { openSwarm } from '../../src/ops/swarm.js';
import { parseSwarmFlags } from '../../src/commands/swarm-options.js';

const spec = { image: 'functracer/sleep', args: ['1'], env: [], binds: [], networkMode: 'none' };
const options = { parallel: 2, shareNodes: false };

describe('--on swarm, before anything runs', () => {
  it('refuses a run whose files are on this machine, naming the flag', async () => {
    await expect(openSwarm(planOf({ ...spec, binds: ['/data:/d'] }), options)).rejects.toThrow(/--on swarm cannot take -v \/data:\/d/);
    const scratch = { ...planOf(spec), scratch: { from: '/in.jpg', mountPoint: '/d' } };
    await expect(openSwarm(scratch, options)).rejects.toThrow(/cannot take a scratch folder/);
    await expect(openSwarm(planOf(spec), { ...options, registry: 'http://x' })).rejects.toThrow(/--registry "http:\/\/x" is not HOST:PORT/);
  });

  it('reads its flags, and refuses the ones that go with it when it is not given', () => {
    expect(parseSwarmFlags({ on: 'swarm', parallel: '3', shareNodes: true, registry: '127.0.0.1:5000' })).toEqual({
      parallel: 3,
      shareNodes: true,
      registry: '127.0.0.1:5000',
    });
    expect(parseSwarmFlags({})).toBeUndefined();
    expect(() => parseSwarmFlags({ on: 'k8s' })).toThrow(/--on "k8s" is not a place/);
    expect(() => parseSwarmFlags({ registry: 'h:1' })).toThrow(/--registry goes with --on swarm/);
    expect(() => parseSwarmFlags({ parallel: '2' })).toThrow(/--parallel goes with --on swarm/);
    // tune's --parallel is its own, on this host too.
    expect(parseSwarmFlags({ parallel: '2' }, { ownParallel: false })).toBeUndefined();
    expect(() => parseSwarmFlags({ on: 'swarm', parallel: '0' })).toThrow(/--parallel/);
    // What a probe does not carry yet is refused, not dropped.
    expect(() => parseSwarmFlags({ on: 'swarm', uhull: 'u.json' })).toThrow(/--uhull does not go with --on swarm/);
    expect(() => parseSwarmFlags({ on: 'swarm', sampler: 'stats-api' })).toThrow(/--sampler stats-api does not go with --on swarm/);
    expect(parseSwarmFlags({ on: 'swarm', sampler: 'auto' })).toMatchObject({ parallel: 1 });
  });
});
