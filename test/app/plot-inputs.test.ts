import os from 'node:os';
import { expect, it } from 'vitest';
import { tracePlotInput } from '../../src/app/present/plot-inputs.js';
import type { SessionSnapshot } from '../../src/app/trace-session.js';
import { limitSteps } from '../../src/core/plot-series.js';
import { Trace } from '../../src/core/trace.js';

function snapshotWithLimit(limit: number): SessionSnapshot {
  const trace = new Trace();
  for (let i = 0; i < 10; i++) trace.append(i * 100, 16 * 2 ** 20, limit);
  return { title: 'functracer/memshape 16:1000', trace } as SessionSnapshot;
}

it("draws no limit line for a run without one, where the recorder wrote the host's memory", () => {
  const input = tracePlotInput(snapshotWithLimit(os.totalmem()), 1000);
  expect(limitSteps(input.traces[0]!, input.noLimitBytes)).toBeUndefined();
});

it('draws a real limit as the CLI does', () => {
  const input = tracePlotInput(snapshotWithLimit(64 * 2 ** 20), 1000);
  expect(limitSteps(input.traces[0]!, input.noLimitBytes)).toEqual([
    [0, 64],
    [1000, 64],
  ]);
});
