import { expect, it } from 'vitest';
import { runSteps } from '../../src/commands/run-steps.js';

it("says a run's step beside the runs going, and the runs alone again once its samples come", () => {
  const lines: string[] = [];
  const steps = runSteps((line) => lines.push(line));
  steps.step('building the probe image');
  steps.runs('run 1/8');
  steps.step('checking image functracer/sleep');
  steps.samples();
  steps.samples();
  steps.runs('run 2/8', ' · 14 s left');
  steps.samples();
  steps.runs('');
  steps.step('pushing');
  expect(lines).toEqual([
    'building the probe image',
    'run 1/8 …',
    'run 1/8 · checking image functracer/sleep …',
    'run 1/8 …',
    'run 2/8 … · 14 s left',
    'pushing',
  ]);
});
