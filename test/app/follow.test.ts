import { describe, expect, it, vi } from 'vitest';
import { followThrottled } from '../../src/app/screens/follow.js';

describe('followThrottled', () => {
  it('tells progress at most once an interval, the last of it included, and a change the keys read at once', () => {
    vi.useFakeTimers();
    let snapshot = { phase: 'idle', done: 0 };
    const listeners = new Set<() => void>();
    const session = {
      getSnapshot: () => snapshot,
      subscribe(listener: () => void) {
        listeners.add(listener);
        return () => void listeners.delete(listener);
      },
    };
    const change = (next: typeof snapshot) => {
      snapshot = next;
      listeners.forEach((listener) => listener());
    };
    const told: (typeof snapshot)[] = [];
    followThrottled(session, (s) => told.push(s), { urgent: (a, b) => a.phase !== b.phase, intervalMs: 50 });
    change({ phase: 'running', done: 0 });
    expect(told).toEqual([{ phase: 'running', done: 0 }]);
    for (let done = 1; done <= 10; done++) change({ phase: 'running', done });
    expect(told).toHaveLength(1);
    vi.advanceTimersByTime(50);
    expect(told).toEqual([
      { phase: 'running', done: 0 },
      { phase: 'running', done: 10 },
    ]);
    change({ phase: 'running', done: 11 });
    change({ phase: 'finished', done: 11 });
    expect(told.at(-1)).toEqual({ phase: 'finished', done: 11 });
    // Nothing left to tell once the end was told.
    vi.advanceTimersByTime(100);
    expect(told).toHaveLength(3);
    vi.useRealTimers();
  });
});
