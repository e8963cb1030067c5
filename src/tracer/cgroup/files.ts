import { closeSync, openSync, readSync, writeSync } from 'node:fs';
import { posix } from 'node:path';

/** The files the sampler reads for one cgroup. */
export interface CgroupFiles {
  version: 1 | 2;
  dir: string;
  /** Bytes in use now. */
  usage: string;
  /** The limit in bytes; "no limit" is a huge number on v1 and "max" on v2. */
  limit: string;
  /** The kernel's high-water mark. */
  peak: string;
  /** v1 `cpuacct.usage` (ns) in the cpuacct hierarchy, v2 `cpu.stat`; undefined when that hierarchy is not known. */
  cpuUsage: string | undefined;
}

/** File paths for a cgroup directory; on v1 the cpu counter lives in `cpuDir`, another hierarchy. */
export function memoryFiles(version: 1 | 2, dir: string, cpuDir?: string): CgroupFiles {
  const at = (name: string) => posix.join(dir, name);
  if (version === 1) {
    return {
      version,
      dir,
      usage: at('memory.usage_in_bytes'),
      limit: at('memory.limit_in_bytes'),
      peak: at('memory.max_usage_in_bytes'),
      cpuUsage: cpuDir === undefined ? undefined : posix.join(cpuDir, 'cpuacct.usage'),
    };
  }
  return { version, dir, usage: at('memory.current'), limit: at('memory.max'), peak: at('memory.peak'), cpuUsage: at('cpu.stat') };
}

/**
 * v1 has no word for "unlimited": it prints the page counter's maximum,
 * LONG_MAX rounded down to a page (9223372036854771712 with 4 KiB pages, lower
 * with larger pages). No real limit comes near 2^62 bytes.
 */
const V1_UNLIMITED_FROM = 2 ** 62;

/** A limit file's content in bytes; Infinity for no limit. */
export function parseLimit(text: string, version: 1 | 2): number {
  const value = text.trim();
  if (version === 2 && value === 'max') return Infinity;
  if (!/^\d+$/.test(value)) throw new Error(`bug: unexpected cgroup v${version} memory limit ${JSON.stringify(text)}`);
  const bytes = Number(value);
  return version === 1 && bytes >= V1_UNLIMITED_FROM ? Infinity : bytes;
}

/** CPU time in ns: v1 `cpuacct.usage` is ns already, v2 `cpu.stat` gives `usage_usec`. */
export function parseCpuUsageNs(text: string, version: 1 | 2): number {
  if (version === 1) {
    const value = text.trim();
    if (!/^\d+$/.test(value)) throw new Error(`bug: unexpected cpuacct.usage ${JSON.stringify(text)}`);
    return Number(value);
  }
  const match = /^usage_usec (\d+)$/m.exec(text);
  if (!match?.[1]) throw new Error(`bug: cpu.stat has no usage_usec line: ${JSON.stringify(text.slice(0, 80))}`);
  return Number(match[1]) * 1000;
}

/**
 * Whether writing to the peak file resets the high-water mark, which lets a
 * sampler record the exact peak of every window. v1 takes "0"; v2 (kernel
 * 6.12 and later) takes any text ("0" too), for reads through the same
 * descriptor only, and refuses writes before that.
 * On v1 this does reset the cgroup's mark, so probe before the workload
 * matters or keep the run parent's mark for the whole-run peak.
 */
export function probePeakReset(files: Pick<CgroupFiles, 'version' | 'peak'>): boolean {
  let fd: number | undefined;
  try {
    fd = openSync(files.peak, 'r+');
    writeSync(fd, '0', 0);
    const buffer = Buffer.alloc(32);
    const text = buffer.toString('utf8', 0, readSync(fd, buffer, 0, buffer.length, 0));
    return /^\d+\s*$/.test(text);
  } catch {
    return false;
  } finally {
    if (fd !== undefined) closeQuietly(fd);
  }
}

function closeQuietly(fd: number): void {
  try {
    closeSync(fd);
  } catch {
    // Nothing was written through a descriptor that fails to close; the probe's answer stands.
  }
}
