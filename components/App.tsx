import { Box, Text, useApp, useInput } from 'ink';
import { lazy, Suspense, useCallback, useEffect, useMemo, useRef, useState, type ReactElement } from 'react';
import { KeyRouter, KeyRouterContext } from '../src/app/key-router.js';
import { sourcesOn, stoppedOnLeaving, type Route, type ScreenName } from '../src/app/navigation.js';
import type { AppServices, TraceFile } from '../src/app/services.js';
import { screenError, type ScreenError } from '../src/app/screen-error.js';
import type { ImageProtocol } from '../src/core/inline-image.js';
import { useEngine } from '../src/app/use-engine.js';
import { providerModels } from '../src/app/screen-pricing.js';
import { useNavigation } from '../src/app/use-navigation.js';
import { useOpeners } from '../src/app/use-openers.js';
import { useRunConfirm } from '../src/app/use-run-confirm.js';
import { useSamples } from '../src/app/use-samples.js';
import { isBackKey } from '../src/app/key-bindings.js';
import { splitKeys } from '../src/app/key-split.js';
import { useKeyQueue } from '../src/app/use-key-queue.js';
import { useSettings } from '../src/app/use-settings.js';
import { useSyncedState } from '../src/app/use-synced-state.js';
import { useWindowSize } from '../src/app/use-window-size.js';
import { engineHeader } from '../src/app/present/engine-header.js';
import { Header } from './Header.js';
import { ConfirmRun } from './ConfirmRun.js';
import { HelpOverlay } from './HelpOverlay.js';
import { ImageSelectScreen } from './screens/ImageSelectScreen.js';
import type { ScreenChrome } from './screens/screen-props.js';

export interface AppProps {
  services: AppServices;
  /** False under NO_COLOR: no colour codes at all. */
  color: boolean;
  /** Aborted by the entry on SIGTERM or SIGHUP: quit as if q had been pressed. */
  quitSignal?: AbortSignal;
  /** A second q or Ctrl-C while quitting: the entry exits at once, naming what was still being stopped. */
  onForceQuit?: (stillStopping: number) => void;
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
export function App({ services, color, quitSignal, onForceQuit, imageProtocol }: AppProps) {
  const { exit } = useApp();
  const { columns, rows } = useWindowSize();
  const engine = useEngine(services.connectEngine);
  const { state: samples, stop: stopSamples } = useSamples(engine.status === 'ready' ? engine.engine : undefined);
  const [settings, setSetting] = useSettings(services.settings);
  const nav = useNavigation();
  const open = useOpeners(nav.open, engine, settings);
  const confirm = useRunConfirm();
  // Read back by the key handler, which can be the last render's: Esc that closes help, then Esc that goes back.
  const [help, helpOpen, setHelp] = useSyncedState(false);
  const [quitting, setQuitting] = useState(false);
  // Read by the key handler: Ink hands keys to the handler of the last effect, which a key right after q can beat.
  const quittingNow = useRef(false);
  const [tracesVersion, setTracesVersion] = useState(0);
  const [notice, setNotice] = useState<ScreenError | undefined>(undefined);

  // Runs left with Esc are still being stopped; quitting waits for them too.
  const stopping = useRef(new Set<Promise<void>>());
  // The stops a forced quit would leave unfinished; a set, since quit can run twice (q, then a signal).
  const runsStopping = useRef(new Set<Promise<void>>());
  const quit = useCallback(() => {
    quittingNow.current = true;
    setQuitting(true);
    // Every run still going is stopped, and its container removed, before Ink lets go of the terminal; a sample build is cancelled.
    const runs = [...sourcesOn(nav.stack).map((source) => source.stop()), ...stopping.current];
    for (const stop of runs) {
      runsStopping.current.add(stop);
      void stop.finally(() => runsStopping.current.delete(stop)).catch(() => undefined);
    }
    Promise.all([...runs, stopSamples()]).then(
      () => exit(),
      (error: unknown) => exit(error as Error),
    );
  }, [nav.stack, exit, stopSamples]);
  useEffect(() => {
    void loadTrace();
    void loadCost();
    void loadMulti();
    void loadHull();
    void loadTune();
  }, []);
  useEffect(() => {
    if (!quitSignal) return undefined;
    if (quitSignal.aborted) quit();
    quitSignal.addEventListener('abort', quit);
    return () => quitSignal.removeEventListener('abort', quit);
  }, [quitSignal, quit]);
  const back = useCallback(() => {
    const left = nav.back();
    const leaving = left && stoppedOnLeaving(left);
    if (leaving) {
      const stop = leaving.stop();
      stopping.current.add(stop);
      void stop.finally(() => stopping.current.delete(stop));
    }
    setTracesVersion((v) => v + 1);
  }, [nav]);
  // Reading a trace takes a moment; a second Enter meanwhile must not open it twice.
  const opening = useRef(false);
  const openTrace = (file: TraceFile) => {
    if (opening.current) return;
    opening.current = true;
    setNotice(undefined);
    services
      .openTraceFile(file.path)
      .then(
        ({ source, offer }) => nav.open({ screen: 'trace', source, ...(offer ? { offer } : {}) }),
        (error: unknown) => setNotice(screenError(error)),
      )
      .finally(() => (opening.current = false));
  };
  const router = useMemo(() => new KeyRouter(), []);
  // One key at a time, each after the App has drawn what the one before did: after help closes, the screen under it
  // is active again for the next key. Quitting and help are also read back at once, whoever calls.
  const onKeys = useKeyQueue(({ input, key }) => {
    if (quittingNow.current) return void ((input === 'q' || (key.ctrl && input === 'c')) && onForceQuit?.(runsStopping.current.size));
    // q and Ctrl-C quit from the confirmation too, as from help: quitting runs nothing.
    if (confirm.open()) return input === 'q' || (key.ctrl && input === 'c') ? quit() : confirm.key(input, key);
    // While a screen is still loading no screen takes keys; quitting works all the same.
    if (!helpOpen()) return void (!router.dispatch(input, key) && (input === 'q' || (key.ctrl && input === 'c')) && quit());
    if (input === 'q' || (key.ctrl && input === 'c')) quit();
    else if (input === '?' || isBackKey(key)) setHelp(false);
  });
  useInput((input, key) => onKeys(splitKeys(input, key)));

  const height = rows - 2;
  const chrome = (top: boolean): ScreenChrome => ({
    width: columns,
    height,
    color,
    active: top && !help && !quitting && !confirm.shown,
    // The header's one row is above every screen.
    top: 1,
    onQuit: quit,
    onHelp: () => setHelp(true),
    ...(nav.stack.length > 1 ? { onBack: back } : {}),
  });
  const screens: { [K in ScreenName]: (route: Extract<Route, { screen: K }>, top: boolean) => ReactElement } = {
    home: (_route, top) => (
      <ImageSelectScreen
        {...chrome(top)}
        services={services}
        engine={engine}
        samples={samples}
        outDir={settings.outDir}
        tracesVersion={tracesVersion}
        onTrace={open.trace}
        onMulti={open.multi}
        onHull={() => open.hull()}
        onTune={open.tune}
        imageProtocol={color ? (imageProtocol ?? 'half-blocks') : 'text'}
        onOpenTrace={openTrace}
        onCost={() => nav.open({ screen: 'cost' })}
        onRetryEngine={engine.retry}
        {...(notice ? { notice } : {})}
      />
    ),
    trace: (route, top) => (
      <LiveTraceScreen
        {...chrome(top)}
        source={route.source}
        settings={settings}
        exporter={services}
        onCost={() => nav.open({ screen: 'cost', source: route.source })}
        {...(route.offer ? { onMulti: () => confirm.offer(route.offer!, 'multi-run', open.multi) } : {})}
        {...(engine.status === 'ready' && route.offer
          ? {
              onHull: () => confirm.offer(route.offer!, 'hull training', open.hull),
              onTune: () => confirm.offer(route.offer!, 'power tuning', open.tune),
            }
          : {})}
      />
    ),
    multi: (route, top) => (
      <MultiRunScreen
        {...chrome(top)}
        source={route.source}
        settings={settings}
        exporter={services}
        onOpenRun={(result, i) => open.run(result, i, route.source, route.plan)}
      />
    ),
    hull: (route, top) => <HullScreen {...chrome(top)} source={route.source} services={services} settings={settings} />,
    tune: (route, top) => (
      <TuneScreen
        {...chrome(top)}
        source={route.source}
        providers={providerModels(settings.provider)}
        onOpenSize={(size) => open.tunedSize(route.plan, size)}
        outDir={settings.outDir}
        services={services}
      />
    ),
    cost: (route, top) => (
      <CostScreen
        {...chrome(top)}
        {...(route.source ? { source: route.source } : {})}
        settings={settings}
        settingsPath={services.settings.path}
        onSetting={setSetting}
        checkOutDir={services.checkOutDir}
      />
    ),
  };
  const draw = (route: Route, top: boolean): ReactElement => (screens[route.screen] as (r: Route, t: boolean) => ReactElement)(route, top);
  const header = engineHeader(engine, samples, quitting);
  // One row short of the terminal: Ink clears the whole screen on every frame that fills it.
  return (
    <KeyRouterContext.Provider value={router}>
      <Box flexDirection="column" width={columns} height={rows - 1}>
        <Header status={header.text} tone={header.tone} place={PLACES[nav.route.screen]} width={columns} color={color} />
        {help ? <HelpOverlay screen={nav.route.screen} keys={router.topBindings()} width={columns} height={height} color={color} /> : null}
        {confirm.shown && !help ? <ConfirmRun state={confirm.shown} width={columns} height={height} color={color} /> : null}
        {/* Screens below the top stay mounted, hidden, so going back finds them as they were left. */}
        {nav.stack.map((route, i) => {
          const top = i === nav.stack.length - 1;
          return (
            <Box key={i} display={top && !help && !confirm.shown ? 'flex' : 'none'}>
              <Suspense fallback={<Text>loading…</Text>}>{draw(route, top)}</Suspense>
            </Box>
          );
        })}
      </Box>
    </KeyRouterContext.Provider>
  );
}
