import { render } from 'ink';
import { LiveTraceScreen } from '../../components/screens/LiveTraceScreen.js';
import { colorAllowed } from '../core/half-blocks.js';
import type { CostSettings } from '../ops/price-result.js';
import { createTrace, type TraceModel } from './screens/trace/actions.js';
import type { RunResult } from '../tracer/tracer.js';
import { DEFAULT_SETTINGS } from './settings.js';
import { TraceSession, type RunJob } from './trace-session.js';
import { useWindowSize } from './use-window-size.js';

/** As wide as the terminal, and short enough that the report printed after it starts in view. */
function RunScreen(props: { model: TraceModel; color: boolean; onQuit: () => void }) {
  const { columns, rows } = useWindowSize();
  return (
    <LiveTraceScreen model={props.model} width={columns} height={Math.min(rows - 1, 22)} color={props.color} active onQuit={props.onQuit} />
  );
}

/**
 * `functracer run` in a terminal: the live-trace screen while the function
 * runs, left on screen when it ends, like `docker pull`'s progress. q and
 * Ctrl-C stop the run through the job's signal. A failure erases the screen and is rethrown for the CLI to print on one line.
 */
export async function showLiveRun(title: string, job: RunJob, pricing: CostSettings): Promise<RunResult> {
  let failure: unknown;
  const session = new TraceSession(
    title,
    (hooks) =>
      job(hooks).catch((error: unknown) => {
        failure = error;
        throw error;
      }),
    pricing.allocatedBytes,
  );
  // The CLI's pricing flags stand for the settings: nothing on this screen changes them.
  const settings = { ...DEFAULT_SETTINGS, requestsPerMonth: pricing.requests, freeTier: pricing.freeTier };
  const model = createTrace({ settings: { get: () => settings, subscribe: () => () => {} } }, session, {}, { standalone: true });
  const ink = render(<RunScreen model={model} color={colorAllowed(process.env)} onQuit={() => void session.stop()} />, {
    exitOnCtrlC: false,
    patchConsole: false,
  });
  try {
    session.start();
    await ended(session);
    // One more throttled redraw, so the frame left on screen shows the whole run.
    await new Promise((resolve) => setTimeout(resolve, 80));
  } finally {
    // A failed run leaves no frame: its keys mean nothing once the screen is gone, and the CLI prints the error once, below the prompt.
    if (failure !== undefined) ink.clear();
    ink.unmount();
  }
  const { result } = session.getSnapshot();
  if (failure !== undefined || !result) throw failure;
  return result;
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
