import { cleanup, render } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import { App } from '../../components/App.js';
import { createShell } from '../../src/app/screens/shell/shell.js';
import { fakeEngine, fakeServices, memshapeTrace, scriptedJob } from './support/fakes.js';
import { scriptedHullJobs } from './support/jobs.js';
import { KEY, press, waitForFrame } from './support/keys.js';

afterEach(() => cleanup());

function app() {
  const hull = scriptedHullJobs({ ms: 5000, everyMs: 5 });
  const engine = fakeEngine(() => scriptedJob(memshapeTrace(600, 300), { batch: 50, everyMs: 2 }).job, { hullJobs: () => hull });
  return { ...render(<App shell={createShell(fakeServices(engine))} color={false} />), engine, hull };
}

async function toImage(ui: ReturnType<typeof app>, name: string) {
  await waitForFrame(ui.lastFrame, (f) => f.includes('alpine'));
  for (let i = 0; i < 10 && !ui.lastFrame()!.includes(`› ${name}`); i++) await press(ui, 'j');
}

describe('App: multi-run and hull screens', () => {
  it('m on a finished trace runs the same plan N times; a run opens read-only; Esc walks back', async () => {
    const ui = app();
    await toImage(ui, 'functracer/memshape');
    await press(ui, KEY.enter);
    await waitForFrame(ui.lastFrame, (f) => f.includes('Max memory usage') && f.includes('m multi'));
    await press(ui, 'm');
    await waitForFrame(ui.lastFrame, (f) => f.includes('functracer · multi-run') && f.includes('N = ‹ 5 ›'));
    await press(ui, '2', KEY.enter);
    const table = await waitForFrame(ui.lastFrame, (f) => f.includes('statistics over 2 runs'));
    expect(table).toContain('2 runs of functracer/memshape 0:100 64:300 16:200 128:5 16:200 0:100');
    expect(ui.engine.plans[1]!.spec).toEqual(ui.engine.plans[0]!.spec);
    await press(ui, 'j', KEY.enter);
    const run = await waitForFrame(ui.lastFrame, (f) => f.includes('functracer · trace') && f.includes('run 2 of 2'));
    expect(run).toContain('Max memory usage');
    expect(run).not.toContain('r rerun');
    // Training from one of the runs trains on the multi-run's plan.
    expect(run).toContain('h hull');
    await press(ui, KEY.escape);
    await waitForFrame(ui.lastFrame, (f) => f.includes('functracer · multi-run') && f.includes('› 2 '));
    await press(ui, '?');
    await waitForFrame(ui.lastFrame, (f) => f.includes('Multi-run') && f.includes('choose N before starting'));
    await press(ui, KEY.escape, KEY.escape);
    await waitForFrame(ui.lastFrame, (f) => f.includes('functracer · trace') && f.includes('functracer/memshape 0:100'));
  });

  it('a recorded trace whose record does not say what ran offers no h: it cannot be run again', async () => {
    const ui = app();
    await waitForFrame(ui.lastFrame, (f) => f.includes('alpine'));
    await press(ui, KEY.tab, KEY.tab, KEY.tab, KEY.enter);
    const trace = await waitForFrame(ui.lastFrame, (f) => f.includes('functracer · trace') && f.includes('recorded'));
    expect(trace).toContain('c cost');
    expect(trace).not.toContain('h hull');
    // No screen opens: the frame drawn for the key is still the trace.
    await press(ui, 'h');
    expect(ui.lastFrame()).toContain('functracer · trace');
  });

  it('m and h on home open multi-run for the selection and hull training', async () => {
    const ui = app();
    await toImage(ui, 'functracer/sleep');
    await press(ui, 'm');
    await waitForFrame(ui.lastFrame, (f) => f.includes('functracer · multi-run') && f.includes('runs of functracer/sleep'));
    await press(ui, KEY.escape);
    await waitForFrame(ui.lastFrame, (f) => f.includes('functracer · images'));
    await press(ui, 'h');
    const hull = await waitForFrame(ui.lastFrame, (f) => f.includes('functracer · hull') && f.includes('sample-5mb'));
    expect(hull).toContain('Train on');
  });

  it('quitting during hull training stops the run going before exiting', async () => {
    const ui = app();
    await waitForFrame(ui.lastFrame, (f) => f.includes('alpine'));
    await press(ui, 'h');
    await waitForFrame(ui.lastFrame, (f) => f.includes('sample-5mb'));
    await press(ui, 't');
    await waitForFrame(ui.lastFrame, (f) => f.includes('training run 1 of 10') && f.includes('┤'));
    await press(ui, 'q');
    // Polled, not slept: a loaded machine takes its time to hand the key over.
    await waitForFrame(
      () => String(ui.hull.trainSignal()?.aborted),
      (aborted) => aborted === 'true',
      10_000,
    );
  });
});
