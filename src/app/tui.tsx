import { render, type RenderOptions } from 'ink';
import { App } from '../../components/App.js';
import { createAppServices } from './create-services.js';
import { createShell } from './screens/shell/shell.js';
import { lazySettings } from './settings.js';
import { colorAllowed } from '../core/half-blocks.js';
import { detectImageProtocol } from '../core/inline-image.js';
import { describeError, SIGNAL_EXIT } from '../core/errors.js';
import { FORCED_EXIT, forcedQuitError, Quitting } from '../core/quitting.js';

/** The alternate screen keeps the user's scrollback as it was once the TUI closes, as lazydocker and htop do. */
const ENTER_ALT_SCREEN = '\x1b[?1049h\x1b[H';
const LEAVE_ALT_SCREEN = '\x1b[?1049l';

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
  // The rules of src/core/quitting.ts: the first signal, q or Ctrl-C quits as q does; a second request of a new kind
  // does not wait for the stops. Conf's exit hook raises the first signal again: the same request, by the same rules.
  const quit = new Quitting((stillStopping) => forceQuit(stillStopping));
  const unlisten = quit.listen(process);
  process.stdout.write(ENTER_ALT_SCREEN);
  const forceQuit = (stillStopping: number) => {
    ink.cleanup();
    process.stdout.write(LEAVE_ALT_SCREEN);
    process.stderr.write(`functracer: ${describeError(forcedQuitError(stillStopping))}\n`);
    process.exit(FORCED_EXIT);
  };
  const ink = render(<App shell={createShell(services)} color={color} quit={quit} imageProtocol={imageProtocol} />, TUI_RENDER_OPTIONS);
  try {
    await ink.waitUntilExit();
  } finally {
    ink.cleanup();
    process.stdout.write(LEAVE_ALT_SCREEN);
    unlisten();
  }
  // Stopped by a signal (a lost terminal counts as SIGHUP), the TUI exits as `functracer run` does: 128 + its number.
  const stoppedBy = quit.stoppedBy();
  if (stoppedBy !== undefined) process.exitCode = SIGNAL_EXIT[stoppedBy];
}
