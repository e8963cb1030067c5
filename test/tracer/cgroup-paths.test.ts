import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { UserError } from '../../src/core/errors.js';
import { detectCgroupLayout, parseMountinfo } from '../../src/tracer/cgroup/mounts.js';
import { memoryFiles, parseCpuUsageNs, parseLimit, probePeakReset } from '../../src/tracer/cgroup/files.js';
import {
  parseProcCgroup,
  predictContainerCgroup,
  resolveContainerCgroup,
  runCgroupParent,
  type CgroupDriver,
} from '../../src/tracer/cgroup/paths.js';
import { removeRunCgroupParent, removeStaleRunParents, runParentDirs } from '../../src/tracer/cgroup/cleanup.js';

const fixtures = fileURLToPath(new URL('../fixtures/cgroup/', import.meta.url));

interface Case {
  name: string;
  version: 1 | 2;
  driver: CgroupDriver;
  engine?: 'docker' | 'podman';
  pid: number;
  id: string;
  memory: string;
  cpu: string;
  unified?: string;
  hierarchies: number;
  rel: string;
  limit: number;
  cpuNs: number;
  parentPeak?: number;
  peakResets: boolean;
}
const run1 = (id: string) => `functracer/run1/${id}`;
const cases: Case[] = [
  {
    name: 'v1-cgroupfs',
    version: 1,
    driver: 'cgroupfs',
    pid: 4242,
    id: '3f2a9c1e7b5d4e8f9a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1e2f',
    memory: 'memory',
    cpu: 'cpu,cpuacct',
    hierarchies: 9,
    rel: 'run1',
    limit: 268435456,
    cpuNs: 1843220917,
    parentPeak: 71430144,
    peakResets: true,
  },
  {
    name: 'v1-systemd',
    version: 1,
    driver: 'systemd',
    pid: 2817,
    id: '8c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d',
    memory: 'memory',
    cpu: 'cpu,cpuacct',
    hierarchies: 8,
    rel: 'scope',
    limit: Infinity,
    cpuNs: 402118834,
    peakResets: true,
  },
  {
    name: 'v2-cgroupfs',
    version: 2,
    driver: 'cgroupfs',
    pid: 3120,
    id: '5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f',
    memory: '',
    cpu: '',
    unified: '',
    hierarchies: 1,
    rel: 'run1',
    limit: 536870912,
    cpuNs: 2503117000,
    parentPeak: 301989888,
    peakResets: true,
  },
  // Kernel 5.15 (Ubuntu 22.04) has no memory.peak yet, so window peaks are not available.
  {
    name: 'v2-systemd',
    version: 2,
    driver: 'systemd',
    pid: 91534,
    id: 'a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90',
    memory: '',
    cpu: '',
    unified: '',
    hierarchies: 1,
    rel: 'scope',
    limit: Infinity,
    cpuNs: 118004000,
    peakResets: false,
  },
  // Podman 5.4 on Debian 13, as test:vm saw it: crun puts the processes in a child of the scope, and limits both.
  {
    name: 'v2-podman-systemd',
    version: 2,
    driver: 'systemd',
    engine: 'podman',
    pid: 48213,
    id: 'c0ffee0123456789abcdef0123456789abcdef0123456789abcdef0123456789',
    memory: '',
    cpu: '',
    unified: '',
    hierarchies: 1,
    rel: 'libpod-scope',
    limit: 67108864,
    cpuNs: 203117000,
    peakResets: true,
  },
  // Podman 4.3 with runc on this kind of host, given functracer's run parent: libpod-<id>, and conmon beside it.
  {
    name: 'v1-podman-cgroupfs',
    version: 1,
    driver: 'cgroupfs',
    engine: 'podman',
    pid: 4242,
    id: '3f2a9c1e7b5d4e8f9a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1e2f',
    memory: 'memory',
    cpu: 'cpu,cpuacct',
    hierarchies: 9,
    rel: 'libpod-run1',
    limit: 268435456,
    cpuNs: 1843220917,
    parentPeak: 71430144,
    peakResets: true,
  },
  {
    name: 'hybrid',
    version: 1,
    driver: 'cgroupfs',
    pid: 7707,
    id: 'ea465a4cf60420e0cab106fe036165a4b4fe98a20d35dfecea528ea832845f6b',
    memory: 'memory',
    cpu: 'cpuacct',
    unified: 'unified',
    hierarchies: 10,
    rel: 'run1',
    limit: 134217728,
    cpuNs: 21847114,
    parentPeak: 4087808,
    peakResets: true,
  },
  // Mounts rooted at /lxc/ci-runner; the limit is v1's "unlimited" with 64 KiB pages.
  {
    name: 'v1-nested',
    version: 1,
    driver: 'cgroupfs',
    pid: 15873,
    id: '0d9e8f7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c2d1e0f9a8b7c6d5e4f3a2b1c0d9e',
    memory: 'memory',
    cpu: 'cpu,cpuacct',
    hierarchies: 4,
    rel: 'run1',
    limit: Infinity,
    cpuNs: 955012877,
    parentPeak: 136314880,
    peakResets: true,
  },
];

const tmpDirs: string[] = [];
afterEach(() => tmpDirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));
/** Tests that write get their own copy, so the fixtures stay as committed. */
function copyOf(name: string): string {
  const dir = mkdtempSync(join(tmpdir(), `functracer-cgroup-${name}-`));
  tmpDirs.push(dir);
  cpSync(join(fixtures, name), dir, { recursive: true });
  return dir;
}
function tree(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).sort();
}

describe.each(cases)('$name', (c) => {
  const root = join(fixtures, c.name);
  const cg = (sub: string) => join(root, 'sys/fs/cgroup', sub);
  const rel = {
    run1: run1(c.id),
    scope: `system.slice/docker-${c.id}.scope`,
    'libpod-run1': `functracer/run1/libpod-${c.id}`,
    'libpod-scope': `machine.slice/libpod-${c.id}.scope/container`,
  }[c.rel]!;
  const placement = { driver: c.driver, engine: c.engine ?? 'docker' };

  it('finds the memory, cpu and unified mounts', () => {
    const layout = detectCgroupLayout(root);
    expect(layout.version).toBe(c.version);
    expect(layout.memoryMount.mountPoint).toBe(cg(c.memory));
    expect(layout.cpuMount?.mountPoint).toBe(cg(c.cpu));
    expect(layout.unifiedMount?.mountPoint).toBe(c.unified === undefined ? undefined : cg(c.unified));
    expect(layout.hierarchies).toHaveLength(c.hierarchies);
  });

  it('predicts before start the directory that /proc confirms after', () => {
    const layout = detectCgroupLayout(root);
    const predicted = predictContainerCgroup(layout, placement, c.id, 'run1');
    const resolved = resolveContainerCgroup(c.pid, root);
    expect(predicted.dir).toBe(join(cg(c.memory), rel));
    expect(resolved).toEqual(predicted);
    expect(resolved.cpuDir).toBe(join(cg(c.cpu), rel));
    expect(resolveContainerCgroup(c.pid, root).dir).toBe(predictContainerCgroup(layout, placement, c.id, 'run1').dir);
    expect(existsSync(resolved.dir)).toBe(true);
  });

  it('reads usage, limit and cpu through memoryFiles', () => {
    const { version, dir, cpuDir } = resolveContainerCgroup(c.pid, root);
    const files = memoryFiles(version, dir, cpuDir);
    expect(Number(readFileSync(files.usage, 'utf8'))).toBeGreaterThan(0);
    expect(parseLimit(readFileSync(files.limit, 'utf8'), version)).toBe(c.limit);
    expect(parseCpuUsageNs(readFileSync(files.cpuUsage ?? '', 'utf8'), version)).toBe(c.cpuNs);
    if (c.parentPeak !== undefined) {
      const parent = memoryFiles(version, join(cg(c.memory), 'functracer/run1'));
      expect(Number(readFileSync(parent.peak, 'utf8'))).toBe(c.parentPeak);
    }
  });

  it('probes whether the peak file can be reset, without throwing', () => {
    const copy = copyOf(c.name);
    const { version, dir } = resolveContainerCgroup(c.pid, copy);
    expect(probePeakReset(memoryFiles(version, dir))).toBe(c.peakResets);
  });

  it('removes only empty functracer/ run parents, with the empty cgroups left in them', () => {
    const copy = copyOf(c.name);
    const layout = detectCgroupLayout(copy);
    const stale = runParentDirs(layout, 'stale-a');
    for (const dir of [...stale, ...runParentDirs(layout, 'kept')]) mkdirSync(dir, { recursive: true });
    // Podman leaves conmon's cgroup, empty once it exits, in the run parent: it goes with it.
    for (const dir of stale) mkdirSync(join(dir, 'conmon'));
    // Empty look-alikes outside our folder must survive.
    mkdirSync(join(layout.memoryMount.mountPoint, 'functracer-x'));
    mkdirSync(join(layout.memoryMount.mountPoint, 'docker/empty-child'), { recursive: true });
    const before = tree(copy);

    expect(removeRunCgroupParent('never-created', copy)).toEqual({ removed: [], stillInUse: [], failed: [] });
    const report = removeStaleRunParents(copy, (runId) => runId === 'kept');
    expect(report.failed).toEqual([]);
    expect(report.removed).toEqual(expect.arrayContaining(stale));
    const inUse = c.rel.endsWith('run1') ? runParentDirs(layout, 'run1').filter(existsSync) : [];
    expect(report.stillInUse).toEqual(expect.arrayContaining(inUse));
    expect(new Set(before).size - tree(copy).length).toBe(stale.length * 2);

    const kept = removeRunCgroupParent('kept', copy);
    expect(kept.removed.sort()).toEqual(runParentDirs(layout, 'kept').sort());
    expect(removeRunCgroupParent('run1', copy).stillInUse).toEqual(inUse);
    expect(existsSync(join(layout.memoryMount.mountPoint, 'functracer-x'))).toBe(true);
    expect(existsSync(join(layout.memoryMount.mountPoint, 'docker/empty-child'))).toBe(true);
    // With no run left in it, our folder stays: another functracer may be starting a run in it.
    removeStaleRunParents(copy);
    expect(existsSync(join(layout.memoryMount.mountPoint, 'functracer'))).toBe(true);
  });
});

describe('parsers', () => {
  it('unescapes mount points and skips optional fields and non-cgroup mounts', () => {
    const text = readFileSync(join(fixtures, 'v1-cgroupfs/proc/self/mountinfo'), 'utf8');
    const mounts = parseMountinfo(text);
    expect(mounts.every((m) => m.mountPoint.startsWith('/sys/fs/cgroup/') || m.root !== '/')).toBe(true);
    expect(mounts.find((m) => m.mountPoint === '/sys/fs/cgroup/cpu,cpuacct')?.controllers).toEqual(['cpuacct', 'cpu']);
    expect(parseMountinfo('60 41 0:9 / /mnt/my\\040cg rw - cgroup2 cgroup2 rw')[0]?.mountPoint).toBe('/mnt/my cg');
  });

  it('prefers the mount that shows the whole hierarchy', () => {
    const layout = detectCgroupLayout(join(fixtures, 'v1-cgroupfs'));
    expect(layout.memoryMount.root).toBe('/');
    expect(detectCgroupLayout(join(fixtures, 'v1-nested')).memoryMount.root).toBe('/lxc/ci-runner');
  });

  it('parses /proc/<pid>/cgroup lines', () => {
    expect(parseProcCgroup('4:cpu,cpuacct:/a\n1:name=systemd:/b\n0::/c\n')).toEqual([
      { hierarchyId: 4, controllers: ['cpu', 'cpuacct'], path: '/a' },
      { hierarchyId: 1, controllers: ['name=systemd'], path: '/b' },
      { hierarchyId: 0, controllers: [], path: '/c' },
    ]);
  });

  it('reads limits and cpu time', () => {
    expect(parseLimit('9223372036854771712\n', 1)).toBe(Infinity);
    expect(parseLimit('9223372036854710272\n', 1)).toBe(Infinity);
    expect(parseLimit('268435456\n', 1)).toBe(268435456);
    expect(parseLimit('max\n', 2)).toBe(Infinity);
    expect(parseLimit('536870912\n', 2)).toBe(536870912);
    expect(() => parseLimit('max', 1)).toThrow(/v1 memory limit "max"/);
    expect(parseCpuUsageNs('123\n', 1)).toBe(123);
    expect(() => parseCpuUsageNs('user_usec 5\n', 2)).toThrow(/usage_usec/);
  });

  it('names the files of each version', () => {
    expect(memoryFiles(1, '/m/x', '/c/x')).toEqual({
      version: 1,
      dir: '/m/x',
      usage: '/m/x/memory.usage_in_bytes',
      limit: '/m/x/memory.limit_in_bytes',
      peak: '/m/x/memory.max_usage_in_bytes',
      cpuUsage: '/c/x/cpuacct.usage',
    });
    expect(memoryFiles(2, '/u/x')).toEqual({
      version: 2,
      dir: '/u/x',
      usage: '/u/x/memory.current',
      limit: '/u/x/memory.max',
      peak: '/u/x/memory.peak',
      cpuUsage: '/u/x/cpu.stat',
    });
  });
});

describe('errors', () => {
  it('gives a parent only on cgroupfs, and only for plain run ids', () => {
    expect(runCgroupParent('cgroupfs', 'r-1.a')).toBe('/functracer/r-1.a');
    expect(runCgroupParent('systemd', 'r-1')).toBeUndefined();
    expect(() => runCgroupParent('cgroupfs', '../x')).toThrow(/not a plain path segment/);
    expect(() => runParentDirs(detectCgroupLayout(join(fixtures, 'hybrid')), '')).toThrow(/plain path segment/);
  });

  it('refuses cgroups outside the mounts this process sees', () => {
    expect(() => resolveContainerCgroup(777, join(fixtures, 'v1-nested'))).toThrow(UserError);
    expect(() => resolveContainerCgroup(778, join(fixtures, 'v2-cgroupfs'))).toThrow(/not under any cgroup mount/);
    expect(() => resolveContainerCgroup(999, join(fixtures, 'hybrid'))).toThrow(/cannot read .*proc\/999\/cgroup/);
  });

  it('says so when there is no mountinfo or no cgroup mount', () => {
    expect(() => detectCgroupLayout(join(fixtures, 'none'))).toThrow(UserError);
    const bare = copyOf('v2-systemd');
    writeFileSync(join(bare, 'proc/self/mountinfo'), '27 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw\n');
    expect(() => detectCgroupLayout(bare)).toThrow(/no cgroup filesystem is mounted/);
    expect(probePeakReset({ version: 2, peak: join(fixtures, 'none/memory.peak') })).toBe(false);
  });
});
