import fs from 'node:fs';
import { detectCgroupLayout, hierarchyPathToDir } from '../../src/tracer/cgroup/mounts.js';
import { parseProcCgroup } from '../../src/tracer/cgroup/paths.js';

/** What a container's CPU cgroup said while it ran: the quota the kernel enforced, and how often it held the container to it. */
export interface CpuCgroupReading {
  /** The quota in CPUs (quota ÷ period); null for none. */
  quotaCpus: number | null;
  /** Periods the container had work in, and of those the ones it used up its quota in and was made to wait. */
  periods: number;
  throttledPeriods: number;
}

/** v1: cpu.cfs_quota_us and cpu.cfs_period_us; v2: cpu.max ("max 100000" or "25000 100000"). */
function readQuota(dir: string): number | null {
  if (fs.existsSync(`${dir}/cpu.max`)) {
    const [quota, period] = fs.readFileSync(`${dir}/cpu.max`, 'utf8').trim().split(/\s+/);
    return quota === 'max' ? null : Number(quota) / Number(period);
  }
  const quota = Number(fs.readFileSync(`${dir}/cpu.cfs_quota_us`, 'utf8'));
  return quota < 0 ? null : quota / Number(fs.readFileSync(`${dir}/cpu.cfs_period_us`, 'utf8'));
}

function read(dir: string): CpuCgroupReading {
  const stat = Object.fromEntries(
    fs
      .readFileSync(`${dir}/cpu.stat`, 'utf8')
      .trim()
      .split('\n')
      .map((line) => line.split(' ') as [string, string]),
  );
  return { quotaCpus: readQuota(dir), periods: Number(stat.nr_periods), throttledPeriods: Number(stat.nr_throttled) };
}

/**
 * Watches the CPU cgroup of a running container's process until it is gone, and gives its last reading: what the
 * kernel enforced, read back, rather than a duration that other work on the host can stretch.
 */
export function watchCpuCgroup(pid: number): { done: Promise<CpuCgroupReading | undefined> } {
  const layout = detectCgroupLayout();
  const mount =
    layout.version === 2 ? layout.unifiedMount : layout.hierarchies.find((m) => m.version === 1 && m.controllers.includes('cpu'));
  const line = parseProcCgroup(fs.readFileSync(`/proc/${pid}/cgroup`, 'utf8')).find((l) =>
    layout.version === 2 ? l.hierarchyId === 0 : l.controllers.includes('cpu'),
  );
  const dir = mount && line ? hierarchyPathToDir(mount, line.path) : undefined;
  if (!dir) throw new Error(`no cpu cgroup found for pid ${pid}`);
  let last: CpuCgroupReading | undefined;
  const done = new Promise<CpuCgroupReading | undefined>((resolve) => {
    const poll = () => {
      try {
        last = read(dir);
        setTimeout(poll, 20);
      } catch {
        // Gone with the container: the last reading stands, short of at most one poll's periods.
        resolve(last);
      }
    };
    poll();
  });
  return { done };
}
