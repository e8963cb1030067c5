import { matchesKey } from '../../key-bindings.js';
import type { KeyPress } from '../../key-split.js';
import { stoppedOnLeaving, type Route, type Stoppable } from '../../navigation.js';
import { confirmationOf, confirmKey, type RunOffer } from '../../run-offer.js';
import type { AppServices } from '../../services.js';
import type { TraceSource } from '../../trace-session.js';
import type { Openers } from '../../use-openers.js';
import { createCost } from '../cost/actions.js';
import { createHome, type HomeModel } from '../home/actions.js';
import { intentOf } from '../key-table.js';
import { KeyPath } from '../key-path.js';
import { createStore, type Store } from '../store.js';
import { engineLink } from './engine-link.js';
import { traceRoute } from '../trace/route.js';
import { confirmKeyOf, HELP_KEYS, SHELL_KEYS, type ShellIntent } from './keys.js';
import { INITIAL_SHELL, reduceShell, topRoute, type PendingRun, type ShellAction, type ShellState } from './state.js';

/** What only the App can do: quit through Ink, and open the screens whose sessions it makes with the engine of the moment. */
interface ShellOutside {
  quit(): void;
  /** A second q or Ctrl-C while quitting. */
  forceQuit(): void;
  opens: Pick<Openers, 'trace' | 'invoke' | PendingRun['opens']>;
}

export interface ShellModel {
  services: AppServices;
  store: Store<ShellState, ShellAction>;
  home: HomeModel;
  keys: KeyPath;
  /** Runs left with Esc, still being stopped: quitting waits for them too. */
  stopping: Set<Promise<void>>;
  bind(outside: ShellOutside): void;
  /** Connects to the engine and reads the lists home shows; the returned function stops what is still going. */
  start(): () => void;
  /** Cancels a sample build in progress; resolves once it has let go of the engine. */
  stopSamples(): Promise<void>;
  open(route: Route): void;
  /** The cost screen, pricing `source` (the trace screen's), or only its settings when opened from home. */
  openCost(source?: TraceSource): void;
  back(): void;
  help(open: boolean): void;
  /** Opens the screen with the offer's plan: at once for a plan of this session, after a yes for a record's, never for a refused one. */
  offer(offer: RunOffer, action: string, opens: PendingRun['opens']): void;
}

const isQuit = ({ input, key }: KeyPress) => input === 'q' || matchesKey('ctrl-c', input, key);

/** The shell as a model: the stack of screens, help, the confirmation of a recorded run, and the one path keys take. */
export function createShell(services: AppServices): ShellModel {
  const store = createStore(reduceShell, INITIAL_SHELL);
  const { dispatch, getState } = store;
  const stopping = new Set<Promise<void>>();
  let outside: ShellOutside | undefined;
  const home = createHome(services, services.settings.get().outDir, {
    trace: (plan) => outside?.opens.trace(plan),
    invoke: (request) => outside?.opens.invoke(request),
    multi: (plan) => outside?.opens.multi(plan),
    tune: (plan) => outside?.opens.tune(plan),
    hull: () => outside?.opens.hull(),
    cost: () => shell.openCost(),
    opened: ({ source, offer }) => shell.open(traceRoute(shell, source, offer)),
    retryEngine: () => link.connect(),
  });
  const link = engineLink(services, home);
  const run = (intent: ShellIntent) => {
    if (intent.type === 'quit') return outside?.quit();
    if (intent.type === 'help') return dispatch({ type: 'help', open: intent.open });
    shell.back();
  };
  const confirmed = (press: KeyPress) => {
    const pending = getState().confirm!;
    const step = confirmKey(pending.state, confirmKeyOf(press.input, press.key));
    if ('state' in step) return dispatch({ type: 'confirm', pending: { ...pending, state: step.state } });
    dispatch({ type: 'confirm', pending: undefined });
    if (step.close === 'run') outside?.opens[pending.opens](pending.plan);
  };
  const route = (press: KeyPress): void => {
    const state = getState();
    if (state.quitting) return void (isQuit(press) && outside?.forceQuit());
    // q and Ctrl-C quit from the confirmation too, as from help: quitting runs nothing.
    if (state.confirm) return isQuit(press) ? outside?.quit() : confirmed(press);
    if (state.help) return run(intentOf(HELP_KEYS, null, press) ?? { type: 'help', open: true });
    const top = topRoute(state);
    if (top.screen === 'home') {
      if (home.key(press)) return;
      const intent = intentOf(SHELL_KEYS, { canGoBack: false, typing: false }, press);
      if (!intent || (intent.type !== 'quit' && intent.type !== 'help')) home.beforeKey();
      if (intent) run(intent);
      return;
    }
    if (top.model.key(press)) return;
    const intent = intentOf(SHELL_KEYS, { canGoBack: true, typing: top.model.typing() }, press);
    if (intent) run(intent);
  };
  const keys = new KeyPath(route);
  const shell: ShellModel = {
    services,
    store,
    home,
    keys,
    stopping,
    bind: (given) => void (outside = given),
    start() {
      const stop = home.start();
      link.connect();
      return () => {
        stop();
        void link.stopSamples();
      };
    },
    stopSamples: () => link.stopSamples(),
    open: (next) => dispatch({ type: 'open', route: next }),
    openCost: (source) => shell.open({ screen: 'cost', ...(source ? { source } : {}), model: createCost(services, source) }),
    back() {
      const state = getState();
      if (state.stack.length <= 1) return;
      const leaving = stoppedOnLeaving(topRoute(state));
      dispatch({ type: 'back' });
      if (leaving) track(stopping, leaving);
      // A run may have left a new trace behind.
      home.refresh();
    },
    help: (open) => dispatch({ type: 'help', open }),
    offer(offered, action, opens) {
      const confirmation = confirmationOf(offered, action);
      if (!confirmation) return void ('plan' in offered && outside?.opens[opens](offered.plan));
      // A refused offer has no plan: its confirmation only says why, and closes.
      const plan = 'plan' in offered ? offered.plan : undefined;
      if (!plan && confirmation.kind !== 'refused') return;
      dispatch({ type: 'confirm', pending: { state: confirmation, plan: plan!, opens } });
    },
  };
  return shell;
}

function track(stopping: Set<Promise<void>>, source: Stoppable): void {
  const stop = source.stop();
  stopping.add(stop);
  void stop.finally(() => stopping.delete(stop)).catch(() => undefined);
}
