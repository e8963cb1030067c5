import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { exclusionReason, trainHull } from '../../src/tracer/hull-training.js';
import type { ContainerRuntime } from '../../src/tracer/runtime.js';

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

describe('trainHull input checks', () => {
  it('refuses an input whose path a bind mount would split, before touching the engine', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'functracer-colon:'));
    const input = path.join(dir, 'in.jpg');
    fs.writeFileSync(input, 'not used');
    // The checks come first, so a runtime that fails on any use proves nothing reached the engine.
    const runtime = new Proxy(
      {},
      {
        get: () => {
          throw new Error('the engine was used');
        },
      },
    ) as ContainerRuntime;
    await expect(trainHull(runtime, { inputs: [input], runs: 1 })).rejects.toThrow(
      /has a colon in its path, which a bind mount cannot take/,
    );
  });
});
