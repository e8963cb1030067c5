import type { Trace } from '../core/trace.js';
import type { AutotuneReport } from './autotuner.js';
import type { RunRecorder } from './recorder.js';
import type { RunSpec } from './run-spec.js';
import type { ContainerState } from './runtime.js';
import type { SamplerKind, SamplerSummary } from './sampler.js';

export interface RunResult {
  image: string;
  container: string;
  containerId: string;
  exitCode: number;
  oomKilled: boolean;
  /** The run was cut short by the user (SIGINT, SIGTERM or a quit key). */
  interrupted: boolean;
  startedAt: string;
  finishedAt: string;
  durationMs: number;
  samples: number;
  samplesPerSecond: number;
  /** About how many samples the run's length and the sampler's interval promise; null for the stats API, which sets its own pace. */
  samplesExpected: number | null;
  sampler: SamplerKind;
  /**
   * The kernel's high-water mark where the sampler can read it: per-window
   * marks from the start on cgroups, max_usage from the stats API on cgroup v1.
   */
  peakBytes: number;
  peakSource: 'kernel' | 'sampled';
  /** The highest sample in the trace. */
  sampledPeakBytes: number;
  firstSampleLatencyMs: number | null;
  rawCsv: string | null;
  /** CPU time the container used, from its cgroup (or the stats API); null where unknown. */
  cpuMs: number | null;
  /** What the autotuner did, when the run had a schedule. */
  autotune: AutotuneReport | null;
  /** The sampling thread's share of one core, where it could be measured. */
  samplerCpuShare: number | null;
  trace: Trace;
}

export interface Finished {
  spec: RunSpec;
  name: string;
  containerId: string;
  finished: ContainerState;
  recorder: RunRecorder;
  summary: SamplerSummary;
  autotune: AutotuneReport | null;
  interrupted: boolean;
  rawCsv: string | null;
  intervalMs: number;
}

export function assembleResult({
  spec,
  name,
  containerId,
  finished,
  recorder,
  summary,
  autotune,
  interrupted,
  rawCsv,
  intervalMs,
}: Finished): RunResult {
  const trace = recorder.trace;
  const durationMs = runDuration(finished, recorder.originMs, trace);
  return {
    image: spec.image,
    container: name,
    containerId,
    exitCode: finished.exitCode,
    // Docker misses an OOM kill now and then when it handles the exit first; a SIGKILL at the limit is one too.
    oomKilled: finished.oomKilled || (finished.exitCode === 137 && trace.reachedLimit(64 * 1024)),
    interrupted,
    startedAt: finished.startedAt,
    finishedAt: finished.finishedAt,
    durationMs,
    samples: trace.length,
    samplesPerSecond: trace.samplesPerSecond,
    samplesExpected: summary.kind === 'cgroup' ? Math.floor(durationMs / intervalMs) : null,
    sampler: summary.kind,
    peakBytes: summary.windowed ? trace.peakBytes : (summary.kernelPeakBytes ?? trace.peakBytes),
    peakSource: summary.windowed || summary.kernelPeakBytes !== undefined ? 'kernel' : 'sampled',
    sampledPeakBytes: trace.peakBytes,
    firstSampleLatencyMs: recorder.firstSampleLatencyMs ?? null,
    rawCsv,
    samplerCpuShare: summary.cpuShare ?? null,
    cpuMs: recorder.cpuMs,
    autotune,
    trace,
  };
}

/**
 * Docker's own start and finish stamps. Docker stamps StartedAt after the task
 * has started, so a function that is over within a millisecond or two can
 * finish "before" it; then the run lasted at least from the exec the sampler
 * saw, and at least as long as its samples span.
 */
function runDuration(finished: ContainerState, originMs: number | undefined, trace: Trace): number {
  const docker = finished.finishedAtMs - finished.startedAtMs;
  if (docker > 0) return docker;
  const fromExec = originMs === undefined ? 0 : finished.finishedAtMs - originMs;
  return Math.max(0, fromExec, (trace.lastTime ?? 0) - (trace.firstTime ?? 0));
}
