import { colorAllowed } from '../core/half-blocks.js';
import { render } from 'ink';
import { LiveTraceScreen } from '../../components/screens/LiveTraceScreen.js';
import { useWindowSize } from './use-window-size.js';
import { TraceSession } from './trace-session.js';
import { DEFAULT_SETTINGS } from './settings.js';
import { traceRun, type RunResult, type TraceRunOptions } from '../tracer/tracer.js';
import type { RunSpec } from '../tracer/run-spec.js';
import { withEngineSession, type StopSignal } from '../commands/session.js';

export interface LivePricing {
  requests: number;
  freeTier: boolean;
}

/** As wide as the terminal, and short enough that the report printed after it starts in view. */
function RunScreen(props: { session: TraceSession; pricing: LivePricing; color: boolean; onQuit: () => void }) {
  const { columns, rows } = useWindowSize();
  const settings = { ...DEFAULT_SETTINGS, requestsPerMonth: props.pricing.requests, freeTier: props.pricing.freeTier };
  return (
    <LiveTraceScreen
      source={props.session}
      settings={settings}
      standalone
      width={columns}
      height={Math.min(rows - 1, 22)}
      color={props.color}
      active
      onQuit={props.onQuit}
      onHelp={() => {}}
    />
  );
}

/**
 * `functracer run` in a terminal: the live-trace screen while the function
 * runs, left on screen when it ends, like `docker pull`'s progress. q and
 * Ctrl-C stop the run as SIGINT does; signals work as without a screen.
 * Errors are rethrown for the CLI to print on one line.
 */
export async function traceWithLiveScreen(
  spec: RunSpec,
  tracerOptions: (signal: AbortSignal) => TraceRunOptions,
  pricing: LivePricing,
): Promise<{ result: RunResult; signal?: StopSignal }> {
  return withEngineSession(async ({ runtime, signal, stoppedBy }) => {
    let failure: unknown;
    const job = (hooks: { signal: AbortSignal; onSamples: TraceRunOptions['onSamples']; onStatus: TraceRunOptions['onStatus'] }) =>
      traceRun(runtime, spec, {
        ...tracerOptions(AbortSignal.any([signal, hooks.signal])),
        onSamples: hooks.onSamples,
        onStatus: hooks.onStatus,
      }).catch((error: unknown) => {
        failure = error;
        throw error;
      });
    const session = new TraceSession([spec.image, ...spec.args].join(' '), job, spec.memoryBytes);
    const ink = render(
      <RunScreen session={session} pricing={pricing} color={colorAllowed(process.env)} onQuit={() => void session.stop()} />,
      { exitOnCtrlC: false, patchConsole: false },
    );
    try {
      session.start();
      await ended(session);
      // One more throttled redraw, so the frame left on screen shows the whole run.
      await new Promise((resolve) => setTimeout(resolve, 80));
    } finally {
      ink.unmount();
    }
    const { result } = session.getSnapshot();
    if (failure !== undefined || !result) throw failure;
    const stopped = stoppedBy();
    return { result, ...(stopped ? { signal: stopped } : {}) };
  });
}

function ended(session: TraceSession): Promise<void> {
  return new Promise((resolve) => {
    const unsubscribe = session.subscribe(() => {
      const { phase } = session.getSnapshot();
      if (phase !== 'finished' && phase !== 'failed') return;
      unsubscribe();
      resolve();
    });
  });
}
