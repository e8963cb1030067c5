import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';

/** Checked before any engine is asked: a wrong combination costs nothing and says what to do, in one line. */
describe('hull IMAGE and hull --on swarm, refused before anything runs', () => {
  const refused = async (args: string[]) => {
    // An engine that is not there: a refusal that asked it would fail differently.
    const { code, stderr } = await runCli(['hull', ...args], { env: { DOCKER_HOST: 'unix:///nonexistent/docker.sock' } });
    expect(code).toBe(2);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    return stderr;
  };

  it('wants an image on a swarm: the resize training reads its inputs from this machine', async () => {
    expect(await refused(['--on', 'swarm'])).toMatch(/hull --on swarm trains on an image of yours.*functracer hull --on swarm IMAGE ARGS/);
  });

  it('refuses a resize flag beside an image, --from beside --on, and --parallel without --on', async () => {
    expect(await refused(['--fixed', 'a.jpg', 'functracer/memshape', '40:600'])).toMatch(/--fixed is for the resize training/);
    expect(await refused(['--on', 'swarm', '--from', 'x.csv'])).toMatch(/--from reads recorded traces, and runs nothing/);
    expect(await refused(['--parallel', '2', 'functracer/memshape'])).toMatch(/--parallel goes with --on swarm/);
  });

  it('refuses the flags of --invoke beside an image, and --invoke on a swarm, each by its own name', async () => {
    expect(await refused(['--invoke', 'functracer/lambda-c', 'functracer/memshape'])).toMatch(/--invoke trains on a Lambda-style/);
    expect(await refused(['--memory', '256m', 'functracer/memshape', '40:600'])).toMatch(/--memory is for --invoke/);
    expect(await refused(['--event', 'e.json', 'functracer/memshape'])).toMatch(/--event is for --invoke/);
    expect(await refused(['--on', 'swarm', '--invoke', 'functracer/lambda-c'])).toMatch(/hull --invoke does not go with --on swarm/);
  });
});
