import { SIGNAL_EXIT, type StopSignal } from '../core/errors.js';
import { terminalSafe } from '../core/terminal-text.js';
import { outputWidth, wrapWords } from '../core/text-width.js';
import { screensAllowed } from '../infra/terminal.js';
import { openEngine } from '../ops/engine.js';
import type { ContainerRuntime } from '../tracer/runtime.js';

export interface EngineSession {
  runtime: ContainerRuntime;
  /** Aborts on SIGHUP, SIGINT, SIGQUIT or SIGTERM; the tracer then stops and removes the container. */
  signal: AbortSignal;
  /** The signal that stopped the session, if one did. */
  stoppedBy(): StopSignal | undefined;
}

/**
 * Opens the engine and turns SIGHUP, SIGINT, SIGQUIT and SIGTERM into an abort for the
 * duration of `work`, so a container is always removed and a partial trace
 * always closed before the process exits.
 */
export async function withEngineSession<T>(work: (session: EngineSession) => Promise<T>): Promise<T> {
  const { runtime } = await openEngine();
  const controller = new AbortController();
  let received: StopSignal | undefined;
  const onSignal = (signal: StopSignal) => {
    received ??= signal;
    // The reason names the signal, so a run stopped before it started exits with that signal's code.
    controller.abort(signal);
  };
  const signals = Object.keys(SIGNAL_EXIT) as StopSignal[];
  signals.forEach((signal) => process.on(signal, onSignal));
  try {
    return await work({ runtime, signal: controller.signal, stoppedBy: () => received });
  } finally {
    signals.forEach((signal) => process.off(signal, onSignal));
  }
}

/** One progress line on stderr, rewritten in place; only on a terminal, never mixed into JSON on stdout. */
export function statusLine(enabled: boolean): (text: string) => void {
  return (text) => {
    // A status names files and runs: shown, never obeyed.
    if (enabled && screensAllowed([process.stderr])) process.stderr.write(`\r\x1b[K${terminalSafe(text)}`);
  };
}

/** A note on stderr, such as a warning the run still goes ahead after: one line, wrapped at words in a terminal. */
export function note(text: string): void {
  const line = `functracer: ${terminalSafe(text)}`;
  const wrapped = process.stderr.isTTY ? wrapWords(line, outputWidth(process.env, process.stderr.columns), '  ').join('\n') : line;
  process.stderr.write(`${wrapped}\n`);
}
