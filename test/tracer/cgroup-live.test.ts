import { existsSync, readFileSync } from 'node:fs';
import { posix } from 'node:path';
import { Readable } from 'node:stream';
import type Docker from 'dockerode';
import tar from 'tar-stream';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { isNotFound, isRemoteEngine } from '../../src/tracer/engine.js';
import { detectCgroupLayout } from '../../src/tracer/cgroup/mounts.js';
import { memoryFiles, parseCpuUsageNs, parseLimit, probePeakReset } from '../../src/tracer/cgroup/files.js';
import { predictContainerCgroup, resolveContainerCgroup, runCgroupParent, type CgroupDriver } from '../../src/tracer/cgroup/paths.js';
import { removeRunCgroupParent, runParentDirs } from '../../src/tracer/cgroup/cleanup.js';
import { FUNCTRACER_LABEL, OWNER_LABEL } from '../../src/tracer/labels.js';
import { dockerRuntime } from '../../src/tracer/docker-runtime.js';
import type { CgroupPlacement } from '../../src/tracer/runtime.js';
import { describeWithEngine, engineForTests } from '../support/engine.js';

const IMAGE = 'functracer-test/busybox';
const LIMIT = 256 * 2 ** 20;
const ALLOCATED = 16_000_000;

/** A registry-free image: Debian's static busybox and the applets the workload needs. */
async function ensureImage(docker: Docker): Promise<void> {
  try {
    await docker.getImage(IMAGE).inspect();
    return;
  } catch (error) {
    if (!isNotFound(error)) throw error;
  }
  const pack = tar.pack();
  pack.entry({ name: 'bin', type: 'directory', mode: 0o755 });
  pack.entry({ name: 'bin/busybox', mode: 0o755 }, readFileSync('/bin/busybox'));
  for (const applet of ['sh', 'sleep']) pack.entry({ name: `bin/${applet}`, type: 'symlink', linkname: 'busybox' });
  pack.finalize();
  // tar-stream's pack is a streamx stream; dockerode wants a Node one.
  const tarball = Readable.from(pack as AsyncIterable<Buffer>, { objectMode: false });
  const stream = await docker.importImage(tarball, {
    repo: IMAGE,
    tag: 'latest',
    changes: ['ENV PATH=/bin', `LABEL ${FUNCTRACER_LABEL}=true`],
  });
  // Import errors arrive inside a 200 response; followProgress turns them into a rejection.
  await new Promise((resolve, reject) => docker.modem.followProgress(stream, (e: Error | null) => (e ? reject(e) : resolve(e))));
}

const docker = await engineForTests();
// A remote engine's cgroups are on another machine: nothing here to resolve.
const local = docker && !isRemoteEngine() ? docker : undefined;
if (docker && !local) console.warn('\n*** SKIPPED cgroup-live: the engine is remote, its cgroup files are not on this machine. ***\n');

describeWithEngine('cgroup paths on the real engine', local, (docker) => {
  const runId = `test-${process.pid}-${Date.now()}`;
  let container: Docker.Container | undefined;
  let driver: CgroupDriver;
  let placement: CgroupPlacement;

  beforeAll(async () => {
    await ensureImage(docker);
    placement = await dockerRuntime(docker).placement();
    driver = placement.driver;
  });

  afterAll(async () => {
    await container?.remove({ force: true }).catch((error: unknown) => {
      if (!isNotFound(error)) throw error;
    });
    if (driver === 'cgroupfs') removeRunCgroupParent(runId);
  });

  it('predicts the directory before start, confirms it from /proc, and keeps the peak in the run parent', async () => {
    const layout = detectCgroupLayout();
    container = await docker.createContainer({
      Image: IMAGE,
      // Idle first so the test can resolve the cgroup while it runs, then allocate a known amount.
      // Applets are called through busybox itself, so any busybox image of that name will do.
      Cmd: ['busybox', 'sh', '-c', `busybox sleep 1; x=$(busybox head -c ${ALLOCATED} /dev/zero | busybox tr '\\0' a); busybox sleep 0.1`],
      Labels: { [FUNCTRACER_LABEL]: 'true', [OWNER_LABEL]: String(process.pid) },
      HostConfig: { CgroupParent: runCgroupParent(driver, runId), NetworkMode: 'none', Memory: LIMIT },
    });
    const predicted = predictContainerCgroup(layout, placement, container.id, runId);
    expect(existsSync(predicted.dir)).toBe(false);

    await container.start();
    const { State } = await container.inspect();
    const resolved = resolveContainerCgroup(State.Pid);
    expect(resolved).toEqual(predicted);

    const files = memoryFiles(resolved.version, resolved.dir, resolved.cpuDir);
    expect(Number(readFileSync(files.usage, 'utf8'))).toBeGreaterThan(0);
    expect(parseLimit(readFileSync(files.limit, 'utf8'), resolved.version)).toBe(LIMIT);
    expect(parseCpuUsageNs(readFileSync(files.cpuUsage ?? '', 'utf8'), resolved.version)).toBeGreaterThan(0);
    // Checked on v1 here; v2 needs kernel 6.12, so only v1's answer is certain.
    const resets = probePeakReset(files);
    if (resolved.version === 1) expect(resets).toBe(true);

    expect((await container.wait()).StatusCode).toBe(0);
    await container.remove();
    container = undefined;
    expect(existsSync(resolved.dir)).toBe(false);
    if (driver !== 'cgroupfs') return;

    const parent = memoryFiles(layout.version, posix.join(layout.memoryMount.mountPoint, 'functracer', runId));
    const peak = Number(readFileSync(parent.peak, 'utf8'));
    expect(peak).toBeGreaterThan(ALLOCATED);
    expect(peak).toBeLessThan(LIMIT);

    const report = removeRunCgroupParent(runId);
    expect(report.stillInUse).toEqual([]);
    expect(report.failed).toEqual([]);
    expect(report.removed.length).toBeGreaterThan(0);
    expect(runParentDirs(layout, runId).filter(existsSync)).toEqual([]);
  });
});
