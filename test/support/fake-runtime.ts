/**
 * A container engine in memory, for the tracer's failure paths: each step of a
 * run can be made to fail, which a real engine does only now and then. The
 * function it "runs" does its work while it is sampled: it exits once its
 * sampler has posted one batch, or, with `runsUntilKilled`, only when killed.
 * Every call is logged, so a test can say what was removed and what never ran.
 *
 *   const runtime = new FakeRuntime({ fail: { remove: new Error('engine gone') } });
 *   await expect(traceRun(runtime, spec, { outDir })).rejects.toThrow(...);
 *   expect(runtime.removed).toEqual(runtime.created);
 */
import type { RunSpec } from '../../src/core/run-plan.js';
import type { BatchListener, Sampler, SamplerSummary } from '../../src/tracer/sampler.js';
import type {
  CgroupPlacement,
  ContainerOutput,
  ContainerRuntime,
  ContainerState,
  CreateOptions,
  RunContainer,
} from '../../src/tracer/runtime.js';

/** The steps of a run, in the order the tracer takes them; `inspectAfterExit` is the second inspect, for the finish time. */
export type FakeStep =
  | 'ensureImage'
  | 'create'
  | 'start'
  | 'wait'
  | 'inspect'
  | 'sampler'
  | 'update'
  | 'kill'
  | 'inspectAfterExit'
  | 'samplerStop'
  | 'output'
  | 'remove';

export interface FakeOptions {
  /** The error each failing step rejects with. */
  fail?: Partial<Record<FakeStep, unknown>>;
  /** The function never ends by itself: only a kill ends it (with 137). */
  runsUntilKilled?: boolean;
  exitCode?: number;
  /** What the function printed. */
  output?: ContainerOutput;
  /** The samples the sampler posts, one batch: bytes at 1 ms apart from the start. */
  samplesBytes?: number[];
}

const LIMIT = 2 ** 33;
/** How long the engine says the function ran, ms. */
const RUN_MS = 40;

export class FakeRuntime implements ContainerRuntime {
  readonly name = 'fake';
  /** Not local: the tracer samples through the runtime's own sampler, and never touches this host's cgroups. */
  readonly local = false;
  /** Every call, in order: `create functracer-…`, `start`, `remove`… */
  readonly calls: string[] = [];
  readonly created: string[] = [];
  readonly removed: string[] = [];

  constructor(readonly options: FakeOptions = {}) {}

  /** Rejects the step if the test asked it to fail, after logging it. */
  step(step: FakeStep, detail = ''): Promise<void> {
    this.calls.push(detail ? `${step} ${detail}` : step);
    const fail = this.options.fail;
    return fail && step in fail ? Promise.reject(fail[step]) : Promise.resolve();
  }

  placement(): Promise<CgroupPlacement> {
    return Promise.resolve({ driver: 'cgroupfs', engine: 'docker' });
  }

  cpus(): Promise<number> {
    return Promise.resolve(2);
  }

  ensureImage(image: string): Promise<void> {
    return this.step('ensureImage', image);
  }

  async create(_spec: RunSpec, options: CreateOptions): Promise<RunContainer> {
    await this.step('create', options.name);
    this.created.push(options.name);
    return new FakeContainer(this, options.name);
  }

  removeOrphans(): Promise<number> {
    return Promise.resolve(0);
  }
}

class FakeContainer implements RunContainer {
  readonly id: string;
  private startedAtMs = NaN;
  private exited = false;
  private exitCode = 0;
  private exit!: (code: number) => void;
  private lost!: (error: unknown) => void;
  private readonly exitPromise = new Promise<number>((resolve, reject) => {
    this.exit = (code) => {
      this.exited = true;
      this.exitCode = code;
      resolve(code);
    };
    this.lost = reject;
  });

  constructor(
    private readonly runtime: FakeRuntime,
    readonly name: string,
  ) {
    this.id = name.replace(/\W/g, '').padEnd(64, '0').slice(0, 64);
    this.exitPromise.catch(() => undefined);
  }

  async start(): Promise<void> {
    await this.runtime.step('start');
    this.startedAtMs = Date.now();
    const wait = this.runtime.options.fail?.wait;
    // The engine went away mid-run: the wait for exit is what hears of it.
    if (wait !== undefined) this.lost(wait);
  }

  waitForExit(signal?: AbortSignal): Promise<number> {
    this.runtime.calls.push('wait');
    signal?.addEventListener('abort', () => this.lost(new Error('the wait was abandoned')), { once: true });
    return this.exitPromise;
  }

  async inspect(): Promise<ContainerState> {
    await this.runtime.step(this.exited ? 'inspectAfterExit' : 'inspect');
    const finishedAtMs = this.exited ? this.startedAtMs + RUN_MS : NaN;
    const iso = (ms: number) => (Number.isNaN(ms) ? '0001-01-01T00:00:00Z' : new Date(ms).toISOString());
    return {
      id: this.id,
      pid: this.exited ? 0 : 4242,
      running: !this.exited,
      startedAtMs: this.startedAtMs,
      finishedAtMs,
      startedAt: iso(this.startedAtMs),
      finishedAt: iso(finishedAtMs),
      exitCode: this.exitCode,
      oomKilled: false,
      error: '',
    };
  }

  update(): Promise<void> {
    return this.runtime.step('update');
  }

  async kill(): Promise<void> {
    await this.runtime.step('kill');
    if (!this.exited) this.exit(137);
  }

  async remove(): Promise<void> {
    await this.runtime.step('remove');
    this.runtime.removed.push(this.name);
  }

  async output(): Promise<ContainerOutput> {
    await this.runtime.step('output');
    return this.runtime.options.output ?? { all: Buffer.from(''), stderr: Buffer.from('') };
  }

  async statsSampler(onBatch: BatchListener): Promise<Sampler> {
    await this.runtime.step('sampler');
    const bytes = this.runtime.options.samplesBytes ?? [1, 2, 3].map((mib) => mib * 2 ** 20);
    const batch = new Float64Array(bytes.length * 4);
    bytes.forEach((b, i) => batch.set([this.startedAtMs + 1 + i, b, LIMIT, NaN], i * 4));
    onBatch(batch);
    if (!this.runtime.options.runsUntilKilled) this.exit(this.runtime.options.exitCode ?? 0);
    const summary: SamplerSummary = { kind: 'stats-api', ticks: bytes.length, overruns: 0, windowed: false };
    return {
      kind: 'stats-api',
      stop: () => this.runtime.step('samplerStop').then(() => summary),
    };
  }
}
