import { Interrupted } from '../core/errors.js';
import { Trace } from '../core/trace.js';
import { today } from '../core/cost/init-billing.js';
import type { InvokeHooks, InvokeResult, PhaseMark } from '../ops/invoke.js';
import {
  DEFAULT_COLD_SHARE_PCT,
  priceInvokeSession,
  type InvocationPrices,
  type InvocationPriceSettings,
} from '../ops/invocation-prices.js';
import { screenError } from './screen-error.js';
import { SessionBase } from './session-base.js';
import type { SessionSnapshot, TraceSource } from './trace-session.js';

export type { PhaseMark };

/** What the trace screen draws of an invoked function beyond its memory: its phases so far, and its figures at the end. */
export interface LambdaSnapshot {
  /** Invocations asked for. */
  invocations: number;
  /** Each phase as it began, every container's, oldest first. */
  marks: readonly PhaseMark[];
  /** At the end: the session in Lambda's terms, as `functracer invoke` reports it. */
  result?: InvokeResult;
  /** At the end: 1M invocations priced on every provider, as `invoke` prices them by default; null where none ran to its end. */
  prices?: InvocationPrices | null;
}

/** `functracer invoke`'s pricing without its flags: 1M invocations, 1 % of them cold, today's rules, an image. */
const INVOKE_PRICING: Omit<InvocationPriceSettings, 'asOf'> = {
  requests: 1_000_000,
  freeTier: false,
  coldSharePct: DEFAULT_COLD_SHARE_PCT,
  packageType: 'image',
};

/** A whole invoke session, `invokeFunction` with the TUI's settings. Passed in so a test can feed recorded phases. */
export type InvokeJob = (hooks: Required<InvokeHooks>) => Promise<InvokeResult>;

/**
 * An invoked function as the trace screen observes it: the current container's memory as it grows, every phase
 * as it begins (each boundary is an API event, told at once), and at the end the session's figures. Stopping it
 * stops the function as `invoke` does on Ctrl-C: the container removed, the trace kept, the invocations that ran
 * reported.
 */
export class InvokeTraceSession extends SessionBase<SessionSnapshot> implements TraceSource {
  readonly rerunnable = true;

  constructor(
    private readonly title: string,
    private readonly invocations: number,
    private readonly job: InvokeJob,
    /** The function's memory size, the container's limit. */
    private readonly memorySizeBytes: number,
  ) {
    super(fresh(title, 'idle', 'waiting to start', invocations, memorySizeBytes));
  }

  start(): void {
    if (this.busy) return;
    this.update(fresh(this.title, 'running', 'starting', this.invocations, this.memorySizeBytes));
    this.launch(
      (signal) =>
        this.job({
          signal,
          onSamples: (trace) => this.update({ ...this.snapshot, trace, samples: trace.sampleCount, status: 'running' }),
          onStatus: (status) => this.update({ ...this.snapshot, status }),
          onRawCsv: (rawCsv) => this.update({ ...this.snapshot, rawCsv }),
          onPhase: (mark) => this.update({ ...this.snapshot, lambda: { ...this.lambda, marks: [...this.lambda.marks, mark] } }),
        }),
      (result) => this.update(ended(this.snapshot, this.lambda, result, pricesOf(result))),
      (error) =>
        this.update({
          ...this.snapshot,
          phase: 'failed',
          status: error instanceof Interrupted ? 'stopped' : 'failed',
          error: screenError(error),
        }),
    );
  }

  private get lambda(): LambdaSnapshot {
    return this.snapshot.lambda!;
  }
}

function fresh(title: string, phase: 'idle' | 'running', status: string, invocations: number, allocatedBytes: number): SessionSnapshot {
  return { phase, title, trace: new Trace(), samples: 0, status, allocatedBytes, lambda: { invocations, marks: [] } };
}

/**
 * The session once it ended: the last container's run on the chart, its marks now the phases of its record (the
 * figures every report gives), and the session's figures for the report.
 */
function ended(snapshot: SessionSnapshot, lambda: LambdaSnapshot, result: InvokeResult, prices: InvocationPrices | null): SessionSnapshot {
  const container = result.runs.length - 1;
  const run = result.runs[container];
  const recorded: PhaseMark[] = (run?.phases ?? []).map((phase) => ({
    container,
    name: phase.name,
    atMs: phase.startMs,
    ...(phase.invocation === undefined ? {} : { invocation: phase.invocation }),
    ...(phase.outcome === undefined ? {} : { outcome: phase.outcome }),
  }));
  const marks = [...lambda.marks.filter((mark) => mark.container < container), ...recorded];
  const failed = result.invocations.filter((i) => i.outcome !== 'response').length;
  return {
    ...snapshot,
    phase: 'finished',
    status: result.interrupted ? 'stopped' : failed > 0 ? `finished, ${failed} failed` : 'finished',
    ...(run ? { result: run, trace: run.trace, samples: run.trace.sampleCount, rawCsv: run.rawCsv ?? undefined } : {}),
    lambda: { ...lambda, marks, result, prices },
  };
}

/** The session's prices as `invoke` gives them; a provider file that cannot be read leaves the report without them. */
function pricesOf(result: InvokeResult): InvocationPrices | null {
  try {
    return priceInvokeSession(result, { ...INVOKE_PRICING, asOf: today() });
  } catch {
    return null;
  }
}
