/**
 * The floor under the sampler's CPU share: a C thread pacing the same interval
 * and reading a live container's cgroup mark once a wake with pread. Nothing
 * in Node can do less; the difference is what the runtime adds.
 */
import type Docker from 'dockerode';
import { memoryFiles } from '../../src/tracer/cgroup/files.js';
import { resolveContainerCgroup } from '../../src/tracer/cgroup/paths.js';
import { ownerHost } from '../../src/tracer/orphans.js';
import { FUNCTRACER_LABEL, OWNER_HOST_LABEL, OWNER_LABEL } from '../../src/tracer/labels.js';
import { cWakeMicros } from './wake-floor.js';

/** The C thread's share of a core at each interval, undefined where there is no C compiler. */
export async function cFloorShares(docker: Docker, intervalsMs: readonly number[]): Promise<Map<number, number | undefined>> {
  const container = await docker.createContainer({
    Image: 'functracer/memshape',
    Cmd: ['16:600000'],
    Labels: { [FUNCTRACER_LABEL]: '1', [OWNER_LABEL]: String(process.pid), [OWNER_HOST_LABEL]: ownerHost() },
    HostConfig: { NetworkMode: 'none' },
  });
  try {
    await container.start();
    const location = resolveContainerCgroup((await container.inspect()).State.Pid);
    const mark = memoryFiles(location.version, location.dir, location.cpuDir).peak;
    const shares = new Map<number, number | undefined>();
    for (const interval of intervalsMs) {
      const micros = await cWakeMicros(interval, mark);
      shares.set(interval, micros === undefined ? undefined : micros / 1000 / interval);
    }
    return shares;
  } finally {
    await container.remove({ force: true });
  }
}
