import { ESTIMATE_NOTE_MS, estimateText, type RunEstimate } from '../core/estimate.js';
import { describeError, Interrupted, type StopSignal } from '../core/errors.js';
import { FORCED_EXIT, forcedQuitError, Quitting } from '../core/quitting.js';
import { terminalSafe } from '../core/terminal-text.js';
import { outputWidth, wrapWords } from '../core/text-width.js';
import { screensAllowed } from '../infra/terminal.js';
import { openEngine } from '../ops/engine.js';
import type { ContainerRuntime } from '../tracer/runtime.js';

export interface EngineSession {
  runtime: ContainerRuntime;
  /** Aborts on the first of SIGHUP, SIGINT, SIGQUIT or SIGTERM; the tracer then stops and removes the container. */
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
  return withStopSignals((signal, stoppedBy) => work({ runtime, signal, stoppedBy }));
}

/**
 * SIGHUP (a lost terminal included), SIGINT, SIGQUIT and SIGTERM are requests to stop for the duration of `work`, by the
 * rules of src/core/quitting.ts: the first aborts, and the abort's reason names the signal, so work stopped before it
 * produced anything exits with that signal's code; a signal of a new kind while stopping quits at once.
 */
export async function withStopSignals<T>(work: (signal: AbortSignal, stoppedBy: () => StopSignal | undefined) => Promise<T>): Promise<T> {
  const quitting = new Quitting(forceQuit);
  const unlisten = quitting.listen(process);
  try {
    return await work(quitting.signal, () => quitting.stoppedBy());
  } finally {
    unlisten();
  }
}

/** The stop was not waited for: one line at the line's start (after the terminal's ^C), and the process ends. */
function forceQuit(): never {
  if (screensAllowed([process.stderr])) process.stderr.write('\r\x1b[K');
  note(describeError(forcedQuitError(undefined)));
  process.exit(FORCED_EXIT);
}

/**
 * Work that has nothing to show when stopped half-way (a sample build): a signal aborts it, and the stop is
 * reported as `Interrupted` ("stopped WHAT. AFTER"), with the signal's exit code, instead of the abort's own error.
 */
export async function untilStopped<T>(what: string, after: string, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  return withStopSignals(async (signal, stoppedBy) => {
    try {
      return await work(signal);
    } catch (error) {
      const stop = stoppedBy();
      if (stop === undefined) throw error;
      throw new Interrupted(stop, `stopped ${what} on ${stop}. ${after}`);
    }
  });
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

/**
 * Once the first run is done, how long the rest will take, on a line of its own (the status line cleared
 * first) when that is a minute or more; the runs go on.
 */
export function estimateNote(status: (text: string) => void): (estimate: RunEstimate) => boolean {
  return (estimate) => {
    if (estimate.leftMs >= ESTIMATE_NOTE_MS) {
      status('');
      note(`${estimateText(estimate)}; Ctrl-C stops, keeping what finished.`);
    }
    return true;
  };
}
