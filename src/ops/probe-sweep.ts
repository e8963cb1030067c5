import type Docker from 'dockerode';
import { OWNER_HOST_LABEL, OWNER_LABEL } from '../tracer/labels.js';

/**
 * Removes the function containers of probes that died on this engine (killed, crashed, their node restarted).
 * A probe is pid 1 in its container, and its host name is its container's short id, so a container owned by pid 1
 * of a host named like a container id that no longer runs here is a dead probe's. A functracer on the host itself is
 * never pid 1, so its runs are never taken for these; the orphan sweep every functracer does handles those.
 */
export async function sweepDeadProbes(docker: Docker): Promise<number> {
  const owned = await docker.listContainers({ all: true, filters: { label: [`${OWNER_LABEL}=1`] } });
  const running = new Set((await docker.listContainers()).map((c) => c.Id.slice(0, 12)));
  const dead = owned.filter((c) => {
    const host = (c.Labels[OWNER_HOST_LABEL] ?? '').split('/')[0] ?? '';
    return /^[0-9a-f]{12}$/.test(host) && !running.has(host);
  });
  for (const c of dead)
    await docker
      .getContainer(c.Id)
      .remove({ force: true })
      .catch(() => {});
  return dead.length;
}
