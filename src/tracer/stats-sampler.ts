import type Docker from 'dockerode';
import { parseDockerTime } from '../core/docker-time.js';
import type { BatchListener, Sampler, SamplerSummary } from './sampler.js';

interface StatsEvent {
  read?: string;
  memory_stats?: { usage?: number; max_usage?: number; limit?: number };
  cpu_stats?: { cpu_usage?: { total_usage?: number } };
}

/**
 * Samples through the Engine's stats stream, about once a second. It is the
 * fallback for engines whose cgroup files this process cannot read (remote
 * DOCKER_HOST, no permission).
 */
export async function startStatsSampler(container: Docker.Container, onBatch: BatchListener): Promise<Sampler> {
  const stream = (await container.stats({ stream: true })) as unknown as NodeJS.ReadableStream & { destroy(): void };
  const summary: SamplerSummary = { kind: 'stats-api', ticks: 0, overruns: 0, windowed: false };
  let pending = '';
  const handle = (line: string) => {
    if (!line.trim()) return;
    let event: StatsEvent;
    try {
      event = JSON.parse(line) as StatsEvent;
    } catch {
      // One garbled line costs one sample, not the run (and not a container left running).
      return;
    }
    const usage = event.memory_stats?.usage;
    const t = parseDockerTime(event.read ?? '');
    // Once the container stops, the engine sends events with empty memory stats.
    if (usage === undefined || !Number.isFinite(t)) return;
    summary.attachedAtMs ??= t;
    summary.ticks += 1;
    // cgroup v1 engines report the kernel's mark; v2 engines leave it out.
    const mark = event.memory_stats?.max_usage;
    if (mark) summary.kernelPeakBytes = Math.max(summary.kernelPeakBytes ?? 0, mark);
    onBatch(Float64Array.of(t, usage, event.memory_stats?.limit ?? Infinity, event.cpu_stats?.cpu_usage?.total_usage ?? NaN));
  };
  const ended = new Promise<void>((resolve) => {
    stream.on('data', (chunk: Buffer) => {
      pending += chunk.toString('utf8');
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      lines.forEach(handle);
    });
    stream.on('end', resolve);
    stream.on('close', resolve);
    stream.on('error', () => resolve());
  });
  return {
    kind: 'stats-api',
    async stop() {
      stream.destroy();
      await ended;
      return summary;
    },
  };
}
