import { SIGNAL_EXIT, UserError, type StopSignal } from '../core/errors.js';
import { planOf, type RunSpec } from '../core/run-plan.js';
import { withMemorySize } from '../ops/lambda-spec.js';
import { invokedNetworkMode } from '../ops/api-network.js';
import { runMultiInvoked, type InvokedMultiOutcome } from '../ops/multi-invoke.js';
import type { CostSettings } from '../ops/price-result.js';
import type { TraceSettings } from '../ops/run-once.js';
import type { PlacedInvoker } from '../ops/swarm-placement.js';
import type { SessionEvents } from './invoke-flags.js';
import type { EngineSession } from './session.js';

export interface InvokedRun {
  invoked: InvokedMultiOutcome;
  stoppedBy?: StopSignal;
}

interface InvokedMultiRequest {
  spec: RunSpec;
  trace: TraceSettings;
  pricing: CostSettings;
  runs: number;
  provider: string;
  sessionEvents: SessionEvents;
}

/** `multi` of a Lambda-style image: each run an invoke session of the events, with its progress on the status line. */
export async function runInvokedSessions(
  { runtime, signal, stoppedBy }: EngineSession,
  request: InvokedMultiRequest,
  status: (line: string) => void,
  /** On a swarm: each session goes to a node, whose probe serves the Runtime API there. */
  placed?: PlacedInvoker,
): Promise<InvokedRun> {
  if (!runtime.local && !placed) {
    throw new UserError(
      'a Lambda-style function is invoked through the Runtime API functracer serves on this host, and DOCKER_HOST points at an engine elsewhere',
      "Run functracer on the engine's own host",
    );
  }
  if (request.trace.autotune) {
    throw new UserError(
      "--uhull replays a hull from a run's start, and this is a Lambda-style function",
      'Use functracer invoke --autotune, which replays it per invocation',
    );
  }
  const spec = withMemorySize({ ...request.spec, networkMode: invokedNetworkMode(request.spec.networkMode, placed !== undefined) });
  const { runs } = request;
  const invoked = await runMultiInvoked(
    runtime,
    { plan: planOf(spec), ...request.sessionEvents },
    { ...request.trace, runs, provider: request.provider, pricing: { ...request.pricing, allocatedBytes: spec.memoryBytes! } },
    {
      signal,
      onStatus: status,
      onRunStart: (index) => status(`run ${index + 1}/${runs}: invoking …`),
      onRunDone: (index, _session, f) =>
        status(`run ${index + 1}/${runs}: init ${f.initMs?.toFixed(1) ?? '–'} ms, warm median ${f.warmMedianMs?.toFixed(1) ?? '–'} ms`),
    },
    placed,
  );
  status('');
  const stopped = stoppedBy();
  return { invoked, ...(stopped ? { stoppedBy: stopped } : {}) };
}

/** As multi: 128 + the signal when stopped; 1 when an invocation failed, as invoke exits, or a swarm lost a session; else 0. */
export function invokedExitCode(outcome: InvokedMultiOutcome, signal: StopSignal): number {
  if (outcome.interrupted) return SIGNAL_EXIT[signal];
  if ((outcome.lost?.length ?? 0) > 0) return 1;
  return outcome.sessions.some((s) => s.invocations.some((i) => i.outcome !== 'response')) ? 1 : 0;
}
