import { closeSync } from 'node:fs';
import { isatty } from 'node:tty';

/**
 * What a write gets from an end that has gone: EIO from a terminal that hung up (a closed tmux pane, a dropped SSH
 * session), EPIPE from a pipe whose reader stopped (`functracer providers | head`), ERR_STREAM_DESTROYED for each write after.
 */
const GONE = new Set(['EIO', 'EPIPE', 'ENXIO', 'ECONNRESET', 'ERR_STREAM_DESTROYED']);

/**
 * Makes a lost output an ordinary event rather than a crash. Every later write to it is dropped (its callback still
 * called, so nothing waits on it for ever). A terminal that hung up stops the work as SIGHUP does, since that is what it
 * is whether or not the signal itself arrives: the container is removed, the trace closed and its record written.
 * A closed pipe only loses its output; the run goes on to its end, as before.
 */
export function watchForLostTerminal(): void {
  const terminals = [0, 1, 2].filter((fd) => isatty(fd));
  let hungUp = false;
  const hangUp = () => {
    if (hungUp) return;
    hungUp = true;
    for (const stream of [process.stdout, process.stderr]) if (stream.isTTY) silence(stream);
    // A real signal, so every listener (a run's session, the TUI, Ink's own exit hook) takes the path it takes for SIGHUP.
    process.kill(process.pid, 'SIGHUP');
  };
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (!GONE.has(error.code ?? '')) throw error;
      silence(stream);
      if (stream.isTTY && !isatty(stream.fd)) hangUp();
    });
  }
  // A terminal that hangs up ends the input Ink reads; a Ctrl-D in a terminal that is still there is no hang-up.
  if (process.stdin.isTTY) process.stdin.on('end', () => !isatty(0) && hangUp());
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
