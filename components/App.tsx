import { Box, Text, useApp, useInput } from 'ink';
import { lazy, Suspense, useCallback, useEffect, useLayoutEffect, useMemo, useRef, type ReactElement } from 'react';
import { sourcesOn, type Route, type ScreenName } from '../src/app/navigation.js';
import type { ImageProtocol } from '../src/core/inline-image.js';
import { Quitting } from '../src/core/quitting.js';
import { useOpeners } from '../src/app/use-openers.js';
import { useSettings } from '../src/app/use-settings.js';
import { useStore } from '../src/app/use-store.js';
import { useWindowSize } from '../src/app/use-window-size.js';
import type { ShellModel } from '../src/app/screens/shell/shell.js';
import { helpTable } from '../src/app/screens/shell/view-model.js';
import { engineHeader } from '../src/app/present/engine-header.js';
import { Header } from './Header.js';
import { ConfirmRun } from './ConfirmRun.js';
import { HelpOverlay } from './HelpOverlay.js';
import { ImageSelectScreen } from './screens/ImageSelectScreen.js';
import type { ScreenChrome } from './screens/screen-props.js';

export interface AppProps {
  /** The shell's model (`createShell`): the stack of screens, help, and the one path keys take. */
  shell: ShellModel;
  /** False under NO_COLOR: no colour codes at all. */
  color: boolean;
  /**
   * Quitting by the entry's rules (src/core/quitting.ts): q, Ctrl-C and the signals are requests to it; its first
   * request stops every run, and a second one forces the quit. Without it, a second q does nothing more.
   */
  quit?: Quitting;
  /** How the home screen previews sample images; by default half blocks, or text without colour. */
  imageProtocol?: ImageProtocol;
}

const PLACES: Record<ScreenName, string> = { home: 'images', trace: 'trace', cost: 'cost', multi: 'multi-run', hull: 'hull', tune: 'tune' };

// Screens past home (and the pricing they load) come after the first frame; App preloads them once it is drawn.
const loadTrace = () => import('./screens/LiveTraceScreen.js').then((m) => ({ default: m.LiveTraceScreen }));
const loadCost = () => import('./screens/CostScreen.js').then((m) => ({ default: m.CostScreen }));
const loadMulti = () => import('./screens/MultiRunScreen.js').then((m) => ({ default: m.MultiRunScreen }));
const loadHull = () => import('./screens/HullScreen.js').then((m) => ({ default: m.HullScreen }));
const loadTune = () => import('./screens/TuneScreen.js').then((m) => ({ default: m.TuneScreen }));
const LiveTraceScreen = lazy(loadTrace);
const CostScreen = lazy(loadCost);
const MultiRunScreen = lazy(loadMulti);
const HullScreen = lazy(loadHull);
const TuneScreen = lazy(loadTune);

/**
 * The shell: header, the screen on top of the stack, help over it, and quitting that stops runs first.
 * Longer than most files because it holds the screens table, so that a new screen is one entry here.
 */
export function App({ shell, color, quit: rules, imageProtocol }: AppProps) {
  const { services, home } = shell;
  const { exit } = useApp();
  const { columns, rows } = useWindowSize();
  const settings = useSettings(services.settings);
  const state = useStore(shell.store);
  // The engine and the sample build are in home's store, read by the header and home alike.
  const { engine, samples } = useStore(home.store);
  const open = useOpeners(shell, engine, settings);
  useEffect(() => shell.start(), [shell]);
  useEffect(() => home.outDir(settings.outDir), [home, settings.outDir]);
  useLayoutEffect(() => home.store.dispatch({ type: 'page', rows: Math.max(1, Math.floor((rows - 2) / 2)) }), [home, rows]);

  const requests = useMemo(() => rules ?? new Quitting(() => undefined), [rules]);
  // Keys ask; the rules decide whether that quits or forces. Read by the key handler at once, whoever calls.
  const requestQuit = useCallback(() => requests.request('key'), [requests]);
  const quit = useCallback(() => {
    shell.store.dispatch({ type: 'quitting' });
    // Every run still going is stopped, and its container removed, before Ink lets go of the terminal; a sample build is cancelled.
    const runs = [...sourcesOn(shell.store.getState().stack).map((source) => source.stop()), ...shell.stopping];
    // Counted by the rules until they settle: what a forced quit would leave unfinished.
    runs.forEach((stop) => requests.track(stop));
    Promise.all([...runs, shell.stopSamples()]).then(
      () => exit(),
      (error: unknown) => exit(error as Error),
    );
  }, [shell, exit, requests]);
  // The shell's q asks the rules too: the first request quits, one while quitting forces.
  useLayoutEffect(() => shell.bind({ quit: requestQuit, forceQuit: requestQuit, opens: open }));
  useEffect(() => {
    void loadTrace();
    void loadCost();
    void loadMulti();
    void loadHull();
    void loadTune();
  }, []);
  // The first request, a key's or a signal's, stops everything once, with the stack as it is then.
  const latestQuit = useRef(quit);
  latestQuit.current = quit;
  useEffect(() => {
    const onFirst = () => latestQuit.current();
    if (requests.signal.aborted) onFirst();
    requests.signal.addEventListener('abort', onFirst);
    return () => requests.signal.removeEventListener('abort', onFirst);
  }, [requests]);
  // The one place keys come in: the shell routes each, in order, as it arrives.
  useInput((input, key) => shell.keys.receive(input, key));

  const height = rows - 2;
  const chrome = (top: boolean): ScreenChrome => ({
    width: columns,
    height,
    color,
    active: top && !state.help && !state.quitting && !state.confirm,
    // The header's one row is above every screen.
    top: 1,
    onQuit: requestQuit,
    onHelp: () => shell.help(true),
    ...(state.stack.length > 1 ? { onBack: shell.back } : {}),
  });
  const screens: { [K in ScreenName]: (route: Extract<Route, { screen: K }>, top: boolean) => ReactElement } = {
    home: (_route, top) => (
      <ImageSelectScreen {...chrome(top)} home={home} imageProtocol={color ? (imageProtocol ?? 'half-blocks') : 'text'} />
    ),
    trace: (route, top) => <LiveTraceScreen {...chrome(top)} model={route.model} />,
    multi: (route, top) => <MultiRunScreen {...chrome(top)} model={route.model} />,
    hull: (route, top) => <HullScreen {...chrome(top)} model={route.model} />,
    tune: (route, top) => <TuneScreen {...chrome(top)} model={route.model} />,
    cost: (route, top) => <CostScreen {...chrome(top)} model={route.model} />,
  };
  const draw = (route: Route, top: boolean): ReactElement => (screens[route.screen] as (r: Route, t: boolean) => ReactElement)(route, top);
  const topScreen = state.stack[state.stack.length - 1]!.screen;
  const header = engineHeader(engine, samples, state.quitting);
  // One row short of the terminal: Ink clears the whole screen on every frame that fills it.
  return (
    <Box flexDirection="column" width={columns} height={rows - 1}>
      <Header status={header.text} tone={header.tone} place={PLACES[topScreen]} width={columns} color={color} />
      {state.help ? <HelpOverlay screen={topScreen} keys={helpTable(shell)} width={columns} height={height} color={color} /> : null}
      {state.confirm && !state.help ? <ConfirmRun state={state.confirm.state} width={columns} height={height} color={color} /> : null}
      {/* Screens below the top stay mounted, hidden, so going back finds them as they were left. */}
      {state.stack.map((route, i) => {
        const top = i === state.stack.length - 1;
        return (
          <Box key={i} display={top && !state.help && !state.confirm ? 'flex' : 'none'}>
            <Suspense fallback={<Text>loading…</Text>}>{draw(route, top)}</Suspense>
          </Box>
        );
      })}
    </Box>
  );
}
