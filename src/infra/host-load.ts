import { readFileSync } from 'node:fs';
import { parseCpuTimes, parseLoadAverage, type HostReading } from '../core/host-load.js';

/** Small files the kernel writes at once; a host without them (not Linux) reads as unknown, never as an error. */
function procText(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

/** This host's CPU times, load average and this process's own CPU, now. */
export function readHost(now = Date.now()): HostReading {
  const stat = procText('/proc/stat');
  const load = procText('/proc/loadavg');
  const { user, system } = process.cpuUsage();
  return {
    atMs: now,
    cpu: stat === undefined ? null : parseCpuTimes(stat),
    load1: load === undefined ? null : parseLoadAverage(load),
    selfCpuMs: (user + system) / 1000,
  };
}
