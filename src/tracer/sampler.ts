/** Which source a run's samples came from; reports name it because precision differs by orders of magnitude. */
export type SamplerKind = 'cgroup' | 'stats-api';

export interface SamplerSummary {
  kind: SamplerKind;
  /** When the sampler first read the container, epoch ms. */
  attachedAtMs?: number;
  ticks: number;
  /** Ticks that came late enough to skip one, a sign the machine was too busy. */
  overruns: number;
  /**
   * Each sample is the kernel's high-water mark for its own window (reset after
   * every read), so the trace's maximum is the kernel's peak, spikes included.
   */
  windowed: boolean;
  /** What the container's own mark allowed (cgroup sampler only). */
  marks?: 'reset' | 'rising' | 'none';
  /** What the sampler could not do on this host, one line each, for the report. */
  notes?: string[];
  /** The sampling thread's CPU time over its wall time while attached (0.05 = 5 % of one core). */
  cpuShare?: number;
  /** The kernel's whole-life mark, where it could be read but not reset (stats API on cgroup v1, v2 before 6.12). */
  kernelPeakBytes?: number;
  /** (time, bytes, limit, cpu) for the window between the last read and the end, read once the container was gone. */
  closing?: number[];
  /**
   * The function was over within a tick of its exec. The runtime's memory is still charged as it execs (runc's init,
   * and its copy of itself from runc 1.1.12 on), and no reading came after, so the peak cannot be told from it.
   */
  overAtExec?: boolean;
}

/** A source of (time, bytes, limit) batches for one container. */
export interface Sampler {
  readonly kind: SamplerKind;
  /** Resolves once the sampler has stopped and posted its last batch. */
  stop(): Promise<SamplerSummary>;
  /** Settles when the sampler stops by itself because the container's cgroup is gone, where it can tell. */
  readonly ended?: Promise<unknown>;
  /** The memory limit was just changed: a sampler that reads it only now and then reads it at its next sample. */
  limitChanged?(): void;
  /**
   * A phase boundary now. Where the container's mark is one for the whole cgroup (v1), it is read and reset here,
   * at once: the reading (`bytes`, at `atMs`) closes the phase that ends, and the next window begins. Elsewhere
   * the worker is woken to take that reading, and its time comes to the `onCut` listener. Samplers that cannot
   * (the stats API) have no `cut`.
   */
  cut?(): BoundaryReading;
}

export type BatchListener = (samples: Float64Array) => void;
/** Every boundary up to `seq` has its worker reading at `atMs` (epoch ms); `ownBytes` where a boundary mark was folded into it. */
export type CutListener = (seq: number, atMs: number, ownBytes?: number) => void;

/** A boundary's number, and the mark read at it where the sampler could read it at once. */
export interface BoundaryReading {
  seq: number;
  atMs?: number;
  bytes?: number;
}
