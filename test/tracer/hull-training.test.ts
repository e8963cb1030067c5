import { describe, expect, it } from 'vitest';
import { exclusionReason } from '../../src/tracer/hull-training.js';

const ok = { interrupted: false, oomKilled: false, exitCode: 0 };

describe('exclusionReason', () => {
  it('keeps only runs that finished cleanly in the hull', () => {
    expect(exclusionReason(ok)).toBeUndefined();
    expect(exclusionReason({ ...ok, exitCode: 1 })).toBe('exited with code 1');
    expect(exclusionReason({ ...ok, exitCode: 137, oomKilled: true })).toBe('killed: out of memory');
    // An interrupted run's trace stops early, so it would under-state the function's needs.
    expect(exclusionReason({ ...ok, interrupted: true, exitCode: 137 })).toBe('interrupted, so its trace is partial');
  });
});
