import { Trace } from '../../../src/core/trace.js';
import { MIB } from '../../../src/core/units.js';
import type { PhaseFigures } from '../../../src/core/run-record.js';
import type { InvocationFigures, InvokeResult, PhaseMark } from '../../../src/ops/invoke.js';
import type { InvokeJob } from '../../../src/app/invoke-session.js';
import { resultFor } from './fakes.js';

/** The runtime's own memory between events, as lambda-c's. */
const IDLE_MB = 0.6;
const INIT_MS = 40;
const INVOKE_MS = 100;
const IDLE_MS = 20;

export interface ScriptedInvoke {
  job: InvokeJob;
  /** Lets a gated job go on to its next phase boundary. */
  next(): void;
  lastSignal(): AbortSignal | undefined;
}

/**
 * An invoke session replayed without an engine: an init, then one invocation per entry of `mbs` holding that many
 * MiB, each told as `invokeFunction` tells them (samples, then each phase as it begins), and at the end the
 * session's figures as the use case gives them. `gated`: each boundary waits for `next()`, so a test sees every
 * phase in course. Stopped, it ends as `invoke` does: the invocation in course marked interrupted.
 */
export function scriptedInvokeJob(mbs: number[], options: { gated?: boolean } = {}): ScriptedInvoke {
  let release: (() => void) | undefined;
  let signal: AbortSignal | undefined;
  const job: InvokeJob = async (hooks) => {
    signal = hooks.signal;
    const gate = () =>
      options.gated && !hooks.signal.aborted
        ? new Promise<void>((resolve) => {
            release = resolve;
            hooks.signal.addEventListener('abort', () => resolve(), { once: true });
          })
        : new Promise<void>((resolve) => setTimeout(resolve, 1));
    hooks.onStatus('checking image functracer/lambda-c');
    hooks.onRawCsv('/fake/work/traces/functracer-invoke-rawresults.csv');
    const trace = new Trace();
    const phases: PhaseFigures[] = [];
    const mark = (m: Omit<PhaseMark, 'container'>) => hooks.onPhase({ ...m, container: 0 });
    const hold = (fromMs: number, ms: number, mb: number) => {
      for (let t = fromMs; t < fromMs + ms; t++) trace.append(t, mb * MIB, 128 * MIB);
      hooks.onSamples(trace);
    };
    mark({ name: 'init', atMs: 0 });
    hold(0, INIT_MS, IDLE_MB);
    await gate();
    let t = INIT_MS;
    phases.push(phase('init', 0, t, IDLE_MB));
    mark({ name: 'idle', atMs: t });
    const invocations: InvocationFigures[] = [];
    for (const [i, mb] of mbs.entries()) {
      if (hooks.signal.aborted) break;
      hold(t, IDLE_MS, IDLE_MB);
      phases.push(phase('idle', t, t + IDLE_MS, IDLE_MB));
      t += IDLE_MS;
      mark({ name: 'invoke', atMs: t, invocation: i + 1 });
      hold(t, INVOKE_MS, mb);
      await gate();
      const outcome = hooks.signal.aborted ? 'interrupted' : 'response';
      phases.push({ ...phase('invoke', t, t + INVOKE_MS, mb), invocation: i + 1, cold: i === 0, outcome });
      invocations.push(figures(i + 1, mb, outcome));
      t += INVOKE_MS;
      if (outcome === 'response') mark({ name: 'idle', atMs: t, invocation: i + 1, outcome });
    }
    const run = resultFor(trace, { image: 'functracer/lambda-c', interrupted: hooks.signal.aborted, phases });
    return invokeResult(run, invocations, hooks.signal.aborted);
  };
  return { job, next: () => release?.(), lastSignal: () => signal };
}

function phase(name: PhaseFigures['name'], startMs: number, endMs: number, mb: number): PhaseFigures {
  return { name, startMs, endMs, peakBytes: mb * MIB, samples: endMs - startMs, boundaryLagMs: 0.01 };
}

function figures(invocation: number, mb: number, outcome: InvocationFigures['outcome']): InvocationFigures {
  return {
    invocation,
    requestId: `req-${invocation}`,
    container: 0,
    cold: invocation === 1,
    event: `events.jsonl:${invocation}`,
    outcome,
    errorType: null,
    errorMessage: null,
    durationMs: INVOKE_MS,
    billedDurationMs: INVOKE_MS,
    memorySizeMb: 128,
    maxMemoryUsedBytes: mb * MIB,
    initDurationMs: invocation === 1 ? INIT_MS : null,
    responseBytes: outcome === 'response' ? 2 : null,
  };
}

function invokeResult(run: InvokeResult['runs'][number], invocations: InvocationFigures[], interrupted: boolean): InvokeResult {
  return {
    image: 'functracer/lambda-c',
    functionName: 'lambda-c',
    memorySizeMb: 128,
    timeoutMs: 3000,
    apiAddress: '127.0.0.1:40833',
    network: 'host',
    networkWhy: 'engine has no bridge',
    inits: [{ container: 0, durationMs: INIT_MS, billedDurationMs: INIT_MS, maxMemoryUsedBytes: IDLE_MB * MIB, durationAtMostMs: null }],
    invocations,
    runs: [run],
    responseFiles: ['/fake/work/traces/functracer-invoke-responses.jsonl'],
    interrupted,
    notes: [],
  };
}
