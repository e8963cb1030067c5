import type { Route } from '../../navigation.js';
import type { RunOffer } from '../../run-offer.js';
import type { TraceSource } from '../../trace-session.js';
import type { ShellModel } from '../shell/shell.js';
import { createTrace } from './actions.js';

/** What the trace screen needs of the shell: its services, the engine home follows, and the ways out. */
export type TraceShell = Pick<ShellModel, 'services' | 'home' | 'open' | 'openCost' | 'back' | 'offer'>;

/** The words the confirmation of a recorded run uses for each way to run it again. */
const AGAIN = { multi: 'multi-run', hull: 'hull training', tune: 'power tuning' } as const;

/**
 * The trace screen's route for a source, its model made here: Esc goes back, c prices the trace, and with an
 * offer m, h and p run it again (asking first where a record made the plan). An invoked function's, live or
 * recorded, is priced per invocation and has no m, h or p: the TUI has no multi-run, hull or tuning of one yet.
 */
export function traceRoute(shell: TraceShell, source: TraceSource, offer?: RunOffer): Extract<Route, { screen: 'trace' }> {
  const { home, services } = shell;
  const snapshot = source.getSnapshot();
  const invoked = snapshot.lambda !== undefined || snapshot.record?.lambda !== undefined;
  const model = createTrace(
    {
      settings: services.settings,
      exporter: services,
      engine: { ready: () => home.getState().engine.status === 'ready', subscribe: home.store.subscribe },
    },
    source,
    {
      back: shell.back,
      cost: () => shell.openCost(source),
      ...(offer && !invoked ? { again: (as: keyof typeof AGAIN) => shell.offer(offer, AGAIN[as], as) } : {}),
    },
  );
  return { screen: 'trace', source, model };
}
