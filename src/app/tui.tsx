import { render, type RenderOptions } from 'ink';
import { App } from '../../components/App.js';
import { createAppServices } from './create-services.js';
import { createShell } from './screens/shell/shell.js';
import { lazySettings } from './settings.js';
import { colorAllowed } from '../core/half-blocks.js';
import { detectImageProtocol } from '../core/inline-image.js';
import { describeError, SIGNAL_EXIT, UserError, type StopSignal } from '../core/errors.js';

/** The alternate screen keeps the user's scrollback as it was once the TUI closes, as lazydocker and htop do. */
const ENTER_ALT_SCREEN = '\x1b[?1049h\x1b[H';
const LEAVE_ALT_SCREEN = '\x1b[?1049l';
const SAME_SIGNAL_MS = 300;

/**
 * Ctrl-C reaches the App as a key, so a run is stopped and its container
 * removed before exiting. Ink's own frame cap (30/s by default) would hold a
 * key's redraw back for up to 33 ms behind a chart redraw; the chart's redraws
 * are capped at 20/s by the app, so Ink's cap only has to keep keys quick.
 */
export const TUI_RENDER_OPTIONS: RenderOptions = { exitOnCtrlC: false, patchConsole: true, maxFps: 60 };

/** `functracer` in a terminal: the TUI, until q. Errors from inside reject, so the CLI prints them as usual. */
export async function openTui(): Promise<void> {
  const services = createAppServices(lazySettings(async () => (await import('./settings-store.js')).openSettings()));
  // NO_COLOR and TERM=dumb both mean no colour codes; the picture protocol follows the same environment.
  const color = colorAllowed(process.env);
  const imageProtocol = detectImageProtocol(process.env);
  const quit = new AbortController();
  // The first signal quits as q does; a second one does not wait for the stops. Ink's exit hook (signal-exit)
  // raises the first signal again tens of ms later, after its own cleanup: a repeat that soon is the same request.
  // A hang-up is never a second request: the terminal sends it, the shell may pass it on and functracer raises it
  // itself on finding the terminal gone, and nobody is left to insist.
  let stoppedBy: StopSignal | undefined;
  let firstSignalAt = 0;
  const onSignal = (signal: StopSignal) => {
    if (stoppedBy === undefined) {
      stoppedBy = signal;
      firstSignalAt = Date.now();
      quit.abort();
    } else if (signal !== 'SIGHUP' && Date.now() - firstSignalAt > SAME_SIGNAL_MS) forceQuit(undefined);
  };
  const signals = Object.keys(SIGNAL_EXIT) as StopSignal[];
  signals.forEach((signal) => process.on(signal, onSignal));
  process.stdout.write(ENTER_ALT_SCREEN);
  const forceQuit = (stillStopping: number | undefined) => {
    ink.cleanup();
    process.stdout.write(LEAVE_ALT_SCREEN);
    process.stderr.write(`functracer: ${describeError(forcedQuit(stillStopping))}\n`);
    process.exit(130);
  };
  const ink = render(
    <App shell={createShell(services)} color={color} quitSignal={quit.signal} onForceQuit={forceQuit} imageProtocol={imageProtocol} />,
    TUI_RENDER_OPTIONS,
  );
  try {
    await ink.waitUntilExit();
  } finally {
    ink.cleanup();
    process.stdout.write(LEAVE_ALT_SCREEN);
    signals.forEach((signal) => process.off(signal, onSignal));
  }
  // Stopped by a signal (a lost terminal counts as SIGHUP), the TUI exits as `functracer run` does: 128 + its number.
  if (stoppedBy !== undefined) process.exitCode = SIGNAL_EXIT[stoppedBy];
}

/** What a forced quit may leave: containers and cgroups whose removal had not finished, which the next start reaps. One line at 80 columns. */
function forcedQuit(stillStopping: number | undefined): UserError {
  if (stillStopping === 0) return new UserError('quit at once', 'Nothing was left running');
  const runs = stillStopping === undefined ? 'its runs were' : `${stillStopping} run${stillStopping === 1 ? ' was' : 's were'}`;
  return new UserError(`quit before ${runs} stopped`, 'The next start removes what they left');
}
