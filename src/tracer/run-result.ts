import { fileProblem, UserError } from '../core/errors.js';
import { replaceFile } from '../infra/atomic-write.js';
import { OUTPUT_FOLDER, writeHint } from '../infra/out-dir.js';
import { runRecordPath, type RunRecord } from '../core/run-record.js';
import type { Trace } from '../core/trace.js';
import type { AutotuneReport } from './autotuner.js';
import type { DurationSource, RunRecorder } from './recorder.js';
import type { RunPlan, RunSpec } from '../core/run-plan.js';
import type { ContainerState } from './runtime.js';
import type { SamplerKind, SamplerSummary } from './sampler.js';
import type { PhaseFigures } from './phases.js';

export interface RunResult extends RunOutput {
  image: string;
  container: string;
  containerId: string;
  exitCode: number;
  oomKilled: boolean;
  /** The run was cut short by the user (SIGINT, SIGTERM or a quit key). */
  interrupted: boolean;
  /** Docker's own timestamps, as it reported them. */
  startedAt: string;
  finishedAt: string;
  /** From the raw trace's start row to its finish row, whole ms: what every report, file and screen prices. */
  durationMs: number;
  /**
   * The instants those rows stand for; anything but "engine" means Docker's
   * were not usable as they are, and "unknown" that the engine gave no finish
   * time: the duration then runs to the last sample.
   */
  durationSource: DurationSource;
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
  /**
   * What sampling could not do on this host (reset the mark, use a run cgroup
   * of its own), and an engine that was slow to answer, one line each.
   */
  samplingNotes: string[];
  trace: Trace;
  /** The cluster node it ran on (`--on swarm`); absent for a run on this engine. */
  node?: string;
  /** A driven run's phases (a Lambda runtime's init, invocations and idle times), each with its own peak. */
  phases?: PhaseFigures[];
}

/** What the function printed, as a run's result tells it. */
export interface RunOutput {
  /** Its stdout and stderr, saved beside the raw trace; null when it printed nothing or nothing is saved. */
  outputFile: string | null;
  /** The last line with anything on it that it wrote to stderr, or else to stdout. */
  lastOutputLine: string | null;
  /** The lines most likely to say what went wrong (`tellingLines`), up to three, each cut to 200 characters. */
  tellingOutput: string[];
}

export interface Finished {
  /** Notes from the run itself (an engine that was slow), after the sampler's. */
  notes?: string[];
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
  output: RunOutput;
}

export function assembleResult({
  notes = [],
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
  output,
}: Finished): RunResult {
  const trace = recorder.trace;
  // The recorder always has both rows by now; Docker's difference only stands in should that ever change.
  const durationMs = recorder.durationMs ?? Math.max(0, finished.finishedAtMs - finished.startedAtMs);
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
    durationSource: recorder.durationSource,
    samples: trace.sampleCount,
    samplesPerSecond: trace.samplesPerSecond,
    samplesExpected: summary.kind === 'cgroup' ? Math.floor(durationMs / intervalMs) : null,
    sampler: summary.kind,
    peakBytes: summary.windowed ? trace.peakBytes : (summary.kernelPeakBytes ?? trace.peakBytes),
    peakSource: summary.windowed || summary.kernelPeakBytes !== undefined ? 'kernel' : 'sampled',
    sampledPeakBytes: trace.peakBytes,
    firstSampleLatencyMs: recorder.firstSampleLatencyMs ?? null,
    rawCsv,
    samplerCpuShare: summary.cpuShare ?? null,
    samplingNotes: [...samplingNotes(summary), ...notes],
    cpuMs: recorder.cpuMs,
    autotune,
    ...output,
    trace,
  };
}

const MARK_NOTES = {
  rising:
    "the kernel's high-water mark cannot be reset here (no write access, or a v2 kernel before 6.12): a spike below the run's high so far can fall between samples",
  none: 'no memory.peak here (a v2 kernel before 5.19): a spike between two samples is lost',
} as const;

/** What the report says of a function over within a tick of its exec (see SamplerSummary.overAtExec). */
export const OVER_AT_EXEC =
  "the function was over within a tick of its exec: no reading holds it apart from the runtime's memory at the exec (runc's), so its peak may be too high or too low";

function samplingNotes(summary: SamplerSummary): string[] {
  const notes = [...(summary.notes ?? [])];
  if (summary.kind === 'cgroup' && summary.marks && summary.marks !== 'reset') notes.unshift(MARK_NOTES[summary.marks]);
  if (summary.overAtExec) notes.push(OVER_AT_EXEC);
  return notes;
}

/**
 * The run's record beside its raw trace, so the file alone prices as the report
 * did. Written whole or not at all: a full disk leaves no empty record, and
 * says that the trace itself is kept.
 */
export async function saveRunRecord(rawCsv: string, plan: RunPlan, result: RunResult, lambda?: RunRecord['lambda']): Promise<void> {
  const record: RunRecord = {
    image: plan.spec.image,
    args: plan.spec.args,
    plan,
    startedAt: result.startedAt,
    finishedAt: result.finishedAt,
    durationMs: result.durationMs,
    durationSource: result.durationSource,
    peakBytes: result.peakBytes,
    peakSource: result.peakSource,
    cpuMs: result.cpuMs,
    exitCode: result.exitCode,
    oomKilled: result.oomKilled,
    interrupted: result.interrupted,
    samples: result.samples,
    ...(lambda ? { lambda } : {}),
  };
  const file = runRecordPath(rawCsv);
  try {
    await replaceFile(file, `${JSON.stringify(record, null, 2)}\n`);
  } catch (error) {
    throw new UserError(
      `the run ended, but its record ${file} could not be written: ${fileProblem(error)}; the trace ${rawCsv} is kept, and cost --trace reads it without the record`,
      writeHint(error, OUTPUT_FOLDER),
    );
  }
}
