import { readFileSync } from 'node:fs';
import { posix } from 'node:path';
import { UserError } from '../../core/errors.js';

/** One mounted cgroup hierarchy, as this process sees it. */
export interface CgroupMount {
  version: 1 | 2;
  /** Where it is mounted, already prefixed with the injectable root. */
  mountPoint: string;
  /** The hierarchy path that appears at the mount point: '/' on a host, deeper inside some containers. */
  root: string;
  /** v1 controllers (and `name=` hierarchies); empty for v2. */
  controllers: string[];
  /** major:minor; bind mounts of one v1 hierarchy share it, which is how duplicates are told apart. */
  device: string;
}

export interface CgroupLayout {
  /** 1 when memory is a v1 controller (pure v1 or hybrid), 2 when it lives in the unified tree. */
  version: 1 | 2;
  /** The mount that holds the memory controller. */
  memoryMount: CgroupMount;
  /** v1 cpuacct hierarchy (a separate mount on v1); the unified mount on v2. */
  cpuMount?: CgroupMount;
  /** The cgroup2 mount, also present on hybrid hosts. */
  unifiedMount?: CgroupMount;
  /** Every hierarchy once (v1 ones and the unified one), since cgroupfs Docker creates its parent in all of them. */
  hierarchies: CgroupMount[];
}

/** mountinfo escapes space, tab, newline and backslash as octal. */
function unescapeMountField(field: string): string {
  return field.replace(/\\([0-7]{3})/g, (_, octal: string) => String.fromCharCode(parseInt(octal, 8)));
}

/** The cgroup (v1 and v2) mounts in a /proc/<pid>/mountinfo text. */
export function parseMountinfo(text: string, root = ''): CgroupMount[] {
  const mounts: CgroupMount[] = [];
  for (const line of text.split('\n')) {
    // Optional fields vary in number, so the part after " - " is found by the separator, not by position.
    const sep = line.indexOf(' - ');
    if (sep < 0) continue;
    const [, , device, mountRoot, mountPoint] = line.slice(0, sep).split(' ');
    const [fsType, , superOptions = ''] = line.slice(sep + 3).split(' ');
    if (!device || !mountRoot || !mountPoint) continue;
    if (fsType !== 'cgroup' && fsType !== 'cgroup2') continue;
    const version = fsType === 'cgroup2' ? 2 : 1;
    // Super options mix controllers with flags (seclabel, xattr, release_agent=...); keep only controllers.
    const controllers = version === 1 ? superOptions.split(',').filter((o) => V1_CONTROLLERS.has(o) || o.startsWith('name=')) : [];
    mounts.push({ version, mountPoint: root + unescapeMountField(mountPoint), root: unescapeMountField(mountRoot), controllers, device });
  }
  return mounts;
}

const V1_CONTROLLERS = new Set([
  'cpuset',
  'cpu',
  'cpuacct',
  'blkio',
  'memory',
  'devices',
  'freezer',
  'net_cls',
  'perf_event',
  'net_prio',
  'hugetlb',
  'pids',
  'rdma',
  'misc',
  'debug',
]);

/**
 * Among several mounts of one hierarchy, the one that shows the most of it
 * (shortest root), preferring the conventional place.
 */
function preferred(mounts: CgroupMount[]): CgroupMount | undefined {
  return [...mounts].sort(
    (a, b) => a.root.length - b.root.length || conventional(b) - conventional(a) || a.mountPoint.length - b.mountPoint.length,
  )[0];
}
const conventional = (m: CgroupMount) => (m.mountPoint.includes('/sys/fs/cgroup') ? 1 : 0);

/** One mount per hierarchy, keyed by device. */
export function distinctHierarchies(mounts: CgroupMount[]): CgroupMount[] {
  const byDevice = new Map<string, CgroupMount[]>();
  for (const m of mounts) byDevice.set(m.device, [...(byDevice.get(m.device) ?? []), m]);
  return [...byDevice.values()].map(preferred).filter((m): m is CgroupMount => m !== undefined);
}

/** Finds the cgroup mounts of this machine (or of a fixture tree under `root`). */
export function detectCgroupLayout(root = ''): CgroupLayout {
  const mountinfoPath = `${root}/proc/self/mountinfo`;
  let text: string;
  try {
    text = readFileSync(mountinfoPath, 'utf8');
  } catch (error) {
    throw new UserError(
      `cannot read ${mountinfoPath} (${(error as NodeJS.ErrnoException).code ?? String(error)})`,
      'Run functracer on the machine that runs the engine, or let it fall back to the Docker stats API',
    );
  }
  const hierarchies = distinctHierarchies(parseMountinfo(text, root));
  const v1 = (controller: string) => hierarchies.find((m) => m.version === 1 && m.controllers.includes(controller));
  const unifiedMount = hierarchies.find((m) => m.version === 2);
  const v1Memory = v1('memory');
  if (v1Memory) return { version: 1, memoryMount: v1Memory, cpuMount: v1('cpuacct'), unifiedMount, hierarchies };
  if (unifiedMount) return { version: 2, memoryMount: unifiedMount, cpuMount: unifiedMount, unifiedMount, hierarchies };
  throw new UserError(
    `no cgroup filesystem is mounted (looked in ${mountinfoPath})`,
    'Mount cgroups at /sys/fs/cgroup, or let functracer fall back to the Docker stats API',
  );
}

/**
 * Where a hierarchy path (as /proc/<pid>/cgroup prints it) is on disk, or
 * undefined when this mount does not reach that part of the hierarchy.
 */
export function hierarchyPathToDir(mount: CgroupMount, cgroupPath: string): string | undefined {
  // Inside a cgroup namespace, cgroups outside it print as "/../..": not reachable from here.
  if (cgroupPath.split('/').includes('..')) return undefined;
  const rel = posix.relative(mount.root, cgroupPath);
  if (rel.startsWith('..') || posix.isAbsolute(rel)) return undefined;
  return rel === '' ? mount.mountPoint : posix.join(mount.mountPoint, rel);
}
