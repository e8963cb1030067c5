import { closeSync } from 'node:fs';
import { isatty } from 'node:tty';

/**
 * What a write gets from an end that has gone: EIO from a terminal that hung up (a closed tmux pane, a dropped SSH
 * session), EPIPE from a pipe whose reader left (`| head`, a `tee` gone with the session), ERR_STREAM_DESTROYED after.
 */
const GONE = new Set(['EIO', 'EPIPE', 'ENXIO', 'ECONNRESET', 'ERR_STREAM_DESTROYED']);

/**
 * Makes a lost output an ordinary stop rather than a crash. Every later write to it is dropped (its callback still
 * called, so nothing waits on it for ever), and whatever is running stops as on SIGHUP: the container is removed,
 * the trace closed and its record written, and the exit code is 129. Work with nothing to stop (`functracer providers
 * | head`) just writes no more and ends as it would. A terminal that hung up is lost whether or not the signal itself
 * arrives: its writes fail with EIO, and the input Ink reads from it ends.
 */
export function watchForLostOutput(): void {
  const terminals = [0, 1, 2].filter((fd) => isatty(fd));
  let lost = false;
  const stop = () => {
    if (lost) return;
    lost = true;
    // Emitted, not raised: the listeners (a run's session, the TUI) stop as on SIGHUP, and with none nothing is killed.
    process.emit('SIGHUP', 'SIGHUP');
  };
  const hungUp = () => {
    for (const stream of [process.stdout, process.stderr]) if (stream.isTTY) silence(stream);
    stop();
  };
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (!GONE.has(error.code ?? '')) throw error;
      silence(stream);
      if (stream.isTTY && !isatty(stream.fd)) hungUp();
      else stop();
    });
  }
  if (process.stdin.isTTY) {
    // A terminal that hangs up ends the input Ink reads; a Ctrl-D in a terminal that is still there is no hang-up.
    process.stdin.on('end', () => !isatty(0) && hungUp());
    // Ink leaves raw mode when a screen stops taking keys, and Node reports the EIO of a terminal that hung up as an error event.
    process.stdin.on('error', (error: NodeJS.ErrnoException) => {
      if (!GONE.has(error.code ?? '') || isatty(0)) throw error;
      hungUp();
    });
  }
  // Node restores each terminal's settings at exit and asserts that this worked, which it cannot on a terminal that has
  // hung up (EIO): the process would end with a native stack trace instead of its exit code. A closed descriptor is skipped.
  process.on('exit', () => {
    for (const fd of terminals) if (!isatty(fd)) closeQuietly(fd);
  });
}

/** Writes to `stream` are dropped from now on; a callback passed with one is still called, as after a write that worked. */
function silence(stream: NodeJS.WriteStream): void {
  stream.write = ((...args: unknown[]) => {
    const callback = args.find((arg): arg is () => void => typeof arg === 'function');
    if (callback) process.nextTick(callback);
    return true;
  }) as typeof stream.write;
}

function closeQuietly(fd: number): void {
  try {
    closeSync(fd);
  } catch {
    // Already closed: Node skips it too.
  }
}
