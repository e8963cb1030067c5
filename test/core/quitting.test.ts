import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { describeError } from '../../src/core/errors.js';
import { forcedQuitError, Quitting, type SignalSource } from '../../src/core/quitting.js';

/** Signals as events: the rules never look at a clock, so a test needs none either. */
function rig() {
  const forced: number[] = [];
  const quitting = new Quitting((stillStopping) => forced.push(stillStopping));
  const source = new EventEmitter();
  const unlisten = quitting.listen(source as unknown as SignalSource);
  const raise = (...signals: string[]) => signals.forEach((signal) => source.emit(signal, signal));
  return { quitting, forced, source, raise, unlisten };
}

describe('Quitting', () => {
  it('stops gracefully on the first signal: aborts with its name, and remembers it for the exit code', () => {
    const { quitting, forced, raise } = rig();
    expect(quitting.signal.aborted).toBe(false);
    raise('SIGTERM');
    expect(quitting.signal.aborted).toBe(true);
    expect(quitting.signal.reason).toBe('SIGTERM');
    expect(quitting.stoppedBy()).toBe('SIGTERM');
    expect(forced).toEqual([]);
  });

  it('takes a signal already received as the same request, however often it comes (npm passing Ctrl-C on, an exit hook raising it again)', () => {
    const { quitting, forced, raise } = rig();
    raise('SIGINT', 'SIGINT', 'SIGINT');
    expect(forced).toEqual([]);
    expect(quitting.stoppedBy()).toBe('SIGINT');
  });

  it('forces on a signal of a new kind while stopping', () => {
    const { forced, raise } = rig();
    raise('SIGTERM', 'SIGTERM');
    expect(forced).toEqual([]);
    raise('SIGINT');
    expect(forced).toEqual([0]);
    raise('SIGINT', 'SIGQUIT');
    expect(forced).toEqual([0, 0]);
  });

  it('never forces on a hang-up, first or later: nobody is left to insist', () => {
    const { quitting, forced, raise } = rig();
    raise('SIGHUP', 'SIGHUP');
    expect(forced).toEqual([]);
    expect(quitting.stoppedBy()).toBe('SIGHUP');
    const other = rig();
    other.raise('SIGINT', 'SIGHUP');
    expect(other.forced).toEqual([]);
    other.raise('SIGQUIT');
    expect(other.forced).toEqual([0]);
  });

  it('forces on a second key, and on a key after a signal: keys are never repeated by the plumbing', () => {
    const { quitting, forced, raise } = rig();
    quitting.request('key');
    expect(quitting.signal.aborted).toBe(true);
    expect(quitting.stoppedBy()).toBeUndefined();
    expect(forced).toEqual([]);
    quitting.request('key');
    expect(forced).toEqual([0]);
    const other = rig();
    other.raise('SIGTERM');
    other.quitting.request('key');
    expect(other.forced).toEqual([0]);
    raise('SIGTERM');
    expect(forced).toEqual([0, 0]);
  });

  it('counts the stops still under way when it forces, each until it settles', async () => {
    const { quitting, forced } = rig();
    let settle = () => {};
    const hanging = new Promise<void>((resolve) => (settle = resolve));
    quitting.track(hanging);
    quitting.track(Promise.reject(new Error('already failed')));
    quitting.track(new Promise(() => {}));
    await Promise.resolve();
    await Promise.resolve();
    quitting.request('key');
    quitting.request('key');
    expect(forced).toEqual([2]);
    settle();
    await hanging;
    await Promise.resolve();
    quitting.request('key');
    expect(forced).toEqual([2, 1]);
  });

  it('listens only until told to stop: after that a signal is no request', () => {
    const { quitting, source, raise, unlisten } = rig();
    unlisten();
    expect(source.eventNames()).toEqual([]);
    raise('SIGINT');
    expect(quitting.signal.aborted).toBe(false);
  });
});

describe('forcedQuitError', () => {
  it('says what a forced quit may leave, in one line that fits 80 columns', () => {
    const lines = [undefined, 0, 1, 3].map((n) => `functracer: ${describeError(forcedQuitError(n))}`);
    expect(lines).toEqual([
      'functracer: quit before its runs were stopped. The next start removes what they left',
      'functracer: quit at once. Nothing was left running',
      'functracer: quit before 1 run was stopped. The next start removes what they left',
      'functracer: quit before 3 runs were stopped. The next start removes what they left',
    ]);
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(85);
  });
});
