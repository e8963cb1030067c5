import type { BatchListener, Sampler } from './sampler.js';
import type { RunSpec } from '../core/run-plan.js';
import type { CallOptions } from './engine-watch.js';

/** What the engine says about a container once it has started or finished. */
export interface ContainerState {
  id: string;
  pid: number;
  running: boolean;
  startedAtMs: number;
  finishedAtMs: number;
  startedAt: string;
  finishedAt: string;
  exitCode: number;
  oomKilled: boolean;
  error: string;
}

interface MemoryLimits {
  memoryBytes: number;
  /** Memory plus swap; -1 for unlimited. */
  memorySwapBytes: number;
}

export interface ContainerOutput {
  /** Both streams as the engine kept them: in order, but for writes to both within the same instant. */
  all: Buffer;
  stderr: Buffer;
}

export interface RunContainer {
  readonly id: string;
  readonly name: string;
  /** A stop (`options.signal`) is given a moment, so a healthy engine's start is not cut in half. */
  start(options?: CallOptions): Promise<void>;
  /**
   * Resolves with the exit code; attach before start so a fast exit is not
   * missed. `signal` abandons the wait, whose open request would otherwise
   * keep the process alive when the engine stops answering. It has no
   * deadline while the engine answers; it fails once the engine is gone or silent.
   */
  waitForExit(signal?: AbortSignal): Promise<number>;
  inspect(options?: CallOptions): Promise<ContainerState>;
  update(limits: MemoryLimits): Promise<void>;
  kill(): Promise<void>;
  remove(): Promise<void>;
  /** What the function wrote to stdout and stderr, both together and stderr alone; read after it exits. */
  output(): Promise<ContainerOutput>;
  /** Engine-side sampling for when the cgroup files are out of reach. */
  statsSampler(onBatch: BatchListener): Promise<Sampler>;
}

/** `signal` stops the create (after a moment's grace, so no container is made unknown); `onSlow` hears of every slow call on the container. */
export interface CreateOptions extends CallOptions {
  name: string;
  cgroupParent?: string;
  labels: Record<string, string>;
}

export type PullProgress = (status: string) => void;

/** What an image runs and sets unless a run says otherwise: its entrypoint, command and environment. */
export interface ImageConfig {
  entrypoint: string[];
  cmd: string[];
  env: string[];
}

export interface CgroupPlacement {
  driver: 'cgroupfs' | 'systemd';
  /** Podman names its cgroups libpod-<id> and moves conmon into the run's parent. */
  engine: 'docker' | 'podman';
}

/**
 * The one narrow door to a container engine. Docker through dockerode is the
 * first; Podman's compatible API or a plain cgroup runner can follow without
 * touching commands or screens.
 */
export interface ContainerRuntime {
  readonly name: string;
  /** Whether this host can read the containers' cgroup files. */
  readonly local: boolean;
  /** Which engine, and how it places containers in the cgroup tree. */
  placement(): Promise<CgroupPlacement>;
  /** The CPUs the engine's host has: the most a container's CPU quota may ask for. */
  cpus(): Promise<number>;
  /** Pulls a missing image; `options.signal` abandons the pull at once. */
  ensureImage(image: string, onProgress?: PullProgress, options?: CallOptions): Promise<void>;
  /** The image's own config, once the engine has it; a runtime that cannot tell leaves it out. */
  imageConfig?(image: string): Promise<ImageConfig>;
  /** The IPv4 gateway of the engine's default bridge network, or undefined where it has none (`--bridge=none`). */
  bridgeGateway?(): Promise<string | undefined>;
  create(spec: RunSpec, options: CreateOptions): Promise<RunContainer>;
  /** Removes containers a crashed functracer left behind; returns how many. */
  removeOrphans(): Promise<number>;
}
