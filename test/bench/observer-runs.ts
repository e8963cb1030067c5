/**
 * One untraced and one traced run of the same function, for bench:observer:
 * both through the same runtime, so they differ only by the sampler.
 */
import { parseDockerTime } from '../../src/core/docker-time.js';
import type { RunSpec } from '../../src/core/run-plan.js';
import type { ContainerRuntime } from '../../src/tracer/runtime.js';
import { newRunId, traceRun } from '../../src/tracer/tracer.js';
import { ownerHost } from '../../src/tracer/orphans.js';
import { OWNER_HOST_LABEL, OWNER_LABEL } from '../../src/tracer/labels.js';

export interface ObservedRun {
  /** The engine's StartedAt to FinishedAt: the function's own duration, whatever watched it. */
  functionMs: number;
  /** The sampler thread's share of a core; null untraced. */
  samplerShare: number | null;
  /** The whole process's CPU over the run's wall time, as a share of a core. */
  processShare: number;
}

async function timed<T>(run: () => Promise<T>): Promise<{ value: T; processShare: number }> {
  const cpuBefore = process.cpuUsage();
  const wallBefore = performance.now();
  const value = await run();
  const cpu = process.cpuUsage(cpuBefore);
  return { value, processShare: (cpu.user + cpu.system) / 1000 / (performance.now() - wallBefore) };
}

function exitedZero(image: string, exitCode: number): void {
  if (exitCode !== 0) throw new Error(`${image} exited ${exitCode}: the bench needs runs that succeed`);
}

export async function untracedRun(runtime: ContainerRuntime, spec: RunSpec): Promise<ObservedRun> {
  const labels = { [OWNER_LABEL]: String(process.pid), [OWNER_HOST_LABEL]: ownerHost() };
  const container = await runtime.create(spec, { name: `functracer-${newRunId()}`, labels });
  try {
    const { value: finished, processShare } = await timed(async () => {
      const exit = container.waitForExit();
      await container.start();
      exitedZero(spec.image, await exit);
      return container.inspect();
    });
    return { functionMs: parseDockerTime(finished.finishedAt) - parseDockerTime(finished.startedAt), samplerShare: null, processShare };
  } finally {
    await container.remove();
  }
}

export async function tracedRun(runtime: ContainerRuntime, spec: RunSpec, intervalMs: number): Promise<ObservedRun> {
  const { value: result, processShare } = await timed(() => traceRun(runtime, spec, { sampler: 'cgroup', intervalMs }));
  exitedZero(spec.image, result.exitCode);
  return {
    functionMs: parseDockerTime(result.finishedAt) - parseDockerTime(result.startedAt),
    samplerShare: result.samplerCpuShare,
    processShare,
  };
}
