import { SIGNAL_EXIT, UserError, type StopSignal } from './errors.js';

/** A request to stop: a signal (a terminal or an output that went away counts as SIGHUP), or q or Ctrl-C typed in the TUI. */
export type StopRequest = StopSignal | 'key';

const STOP_SIGNALS = Object.keys(SIGNAL_EXIT) as StopSignal[];

/** Where signals come from: `process` for the CLI and the TUI, an EventEmitter in a test. */
export interface SignalSource {
  on(signal: StopSignal, listener: (signal: StopSignal) => void): unknown;
  off(signal: StopSignal, listener: (signal: StopSignal) => void): unknown;
}

/**
 * Stopping and quitting, by rules that count requests and never look at a clock:
 * - the first request stops gracefully: `signal` aborts, the runs stop and their containers are removed;
 * - a request of a new kind while stopping forces the quit at once (`onForce`): a key, or a signal not received yet;
 * - a signal already received is that same request again, never a second one: the plumbing repeats signals (npm and
 *   npx pass Ctrl-C's SIGINT on although the terminal sent it to functracer too, and conf's exit hook raises the
 *   first signal again), and a process cannot tell a repeat from a user who insists;
 * - a hang-up never forces: a closing terminal may send it several times, and nobody is left to insist.
 * So in a terminal a second Ctrl-C does not force a command's stop, Ctrl-C then Ctrl-\ (SIGQUIT) does; in the TUI,
 * where Ctrl-C is a key, a second q or Ctrl-C does.
 */
export class Quitting {
  private readonly controller = new AbortController();
  private readonly received = new Set<StopRequest>();
  private first: StopRequest | undefined;
  private readonly stops = new Set<Promise<unknown>>();

  constructor(private readonly onForce: (stillStopping: number) => void) {}

  /** Aborts on the first request, with the signal's name as its reason (or `key`). */
  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** The signal that started the stop; undefined for a key (the TUI's q exits 0) or when nothing asked yet. */
  stoppedBy(): StopSignal | undefined {
    return this.first === 'key' ? undefined : this.first;
  }

  request(kind: StopRequest): void {
    if (this.first === undefined) {
      this.first = kind;
      this.received.add(kind);
      this.controller.abort(kind);
      return;
    }
    if (kind === 'SIGHUP' || (kind !== 'key' && this.received.has(kind))) return;
    this.received.add(kind);
    this.onForce(this.stops.size);
  }

  /** A stop under way (a run's container being removed) that a forced quit would leave unfinished; counted until it settles. */
  track(stop: Promise<unknown>): void {
    this.stops.add(stop);
    void stop.finally(() => this.stops.delete(stop)).catch(() => undefined);
  }

  /**
   * Takes the stop signals from `source` as requests until the returned function is called. Listening is what makes a
   * signal a request instead of the end of the process, so it lasts exactly as long as there is something to stop.
   */
  listen(source: SignalSource): () => void {
    const onSignal = (signal: StopSignal) => this.request(signal);
    STOP_SIGNALS.forEach((signal) => source.on(signal, onSignal));
    return () => STOP_SIGNALS.forEach((signal) => source.off(signal, onSignal));
  }
}

/** The line a forced quit prints: what it may leave (containers and cgroups whose removal had not finished), which the next start reaps. One line at 80 columns. */
export function forcedQuitError(stillStopping: number | undefined): UserError {
  if (stillStopping === 0) return new UserError('quit at once', 'Nothing was left running');
  const runs = stillStopping === undefined ? 'its runs were' : `${stillStopping} run${stillStopping === 1 ? ' was' : 's were'}`;
  return new UserError(`quit before ${runs} stopped`, 'The next start removes what they left');
}

/** A forced quit's exit code, whatever the requests were: as a Ctrl-C's. */
export const FORCED_EXIT = SIGNAL_EXIT.SIGINT;
