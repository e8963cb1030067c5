/**
 * Where the cgroup sampler's time goes, per sample: each file read and write,
 * measured on a live container's cgroup, and the timed wake that paces the
 * samples. Run by bench:tracer after its traced runs.
 */
import fs from 'node:fs';
import type Docker from 'dockerode';
import { memoryFiles } from '../../src/tracer/cgroup/files.js';
import { readCpuNs, readNumber, threadCpuMs, tryReset } from '../../src/tracer/cgroup/fd.js';
import { resolveContainerCgroup } from '../../src/tracer/cgroup/paths.js';
import { ownerHost } from '../../src/tracer/orphans.js';
import { DEFAULT_INTERVAL_MS } from '../../src/tracer/cgroup/sampler.js';
import { FUNCTRACER_LABEL, OWNER_HOST_LABEL, OWNER_LABEL } from '../../src/tracer/labels.js';

/** CPU µs a call, over enough calls that the thread clock's granularity does not matter. */
function cpuMicros(call: () => void, calls = 20_000): number {
  const before = threadCpuMs();
  for (let i = 0; i < calls; i++) call();
  return ((threadCpuMs() - before) * 1000) / calls;
}

/** CPU µs a timed wake costs, pacing at the default interval for two seconds. */
function wakeMicros(): number {
  const control = new Int32Array(new SharedArrayBuffer(4));
  const before = threadCpuMs();
  const started = performance.now();
  let next = started;
  let wakes = 0;
  while (performance.now() - started < 2000) {
    next += DEFAULT_INTERVAL_MS;
    const wait = next - performance.now();
    if (wait > 0) Atomics.wait(control, 0, 0, wait);
    wakes += 1;
  }
  return ((threadCpuMs() - before) * 1000) / wakes;
}

export async function samplerCosts(docker: Docker): Promise<Record<string, string>[]> {
  const container = await docker.createContainer({
    Image: 'functracer/memshape',
    Cmd: ['16:20000'],
    Labels: { [FUNCTRACER_LABEL]: '1', [OWNER_LABEL]: String(process.pid), [OWNER_HOST_LABEL]: ownerHost() },
    HostConfig: { NetworkMode: 'none' },
  });
  const fds: number[] = [];
  try {
    await container.start();
    const location = resolveContainerCgroup((await container.inspect()).State.Pid);
    const files = memoryFiles(location.version, location.dir, location.cpuDir);
    const open = (file: string, flags = 'r') => {
      const fd = fs.openSync(file, flags);
      fds.push(fd);
      return fd;
    };
    const peak = open(files.peak, 'r+');
    const usage = open(files.usage);
    const limit = open(files.limit);
    const cpu = files.cpuUsage ? open(files.cpuUsage) : undefined;
    const unit = location.version === 1 ? 'ns' : 'usec';
    // Per sample: the mark, its reset and the CPU time every time; the limit and the parent's reset one sample in 16.
    const rows: [string, number, number][] = [
      ['timed wake (pacing)', wakeMicros(), 1],
      ['read the mark', cpuMicros(() => readNumber(peak)), 1],
      ['reset the mark', cpuMicros(() => tryReset(peak)), 1],
      ['read the CPU time', cpu === undefined ? 0 : cpuMicros(() => readCpuNs(cpu, unit)), 1],
      ['read the limit', cpuMicros(() => readNumber(limit)), 1 / 16],
      ["reset the parent's mark", cpuMicros(() => tryReset(peak)), 1 / 16],
      ['read the usage (no mark only)', cpuMicros(() => readNumber(usage)), 0],
    ];
    const perSecond = 1000 / DEFAULT_INTERVAL_MS;
    const table = rows.map(([what, micros, share]) => ({
      'per sample': what,
      'CPU µs a call': micros.toFixed(1),
      'calls a sample': share === 0 ? '0' : share === 1 ? '1' : `1/${1 / share}`,
      '% of a core': ((micros * share * perSecond) / 1e4).toFixed(2),
    }));
    const total = rows.reduce((sum, [, micros, share]) => sum + micros * share, 0);
    table.push({
      'per sample': 'total',
      'CPU µs a call': total.toFixed(1),
      'calls a sample': '',
      '% of a core': ((total * perSecond) / 1e4).toFixed(2),
    });
    return table;
  } finally {
    for (const fd of fds) fs.closeSync(fd);
    await container.remove({ force: true });
  }
}
