import { cleanup, render } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import { App } from '../../components/App.js';
import { createShell } from '../../src/app/screens/shell/shell.js';
import { Quitting } from '../../src/core/quitting.js';
import { fakeEngine, fakeServices, memshapeTrace, NO_ENGINE, scriptedJob, type ScriptedJob } from './support/fakes.js';
import { KEY, press, selectImage, waitForFrame, waitUntil } from './support/keys.js';

afterEach(() => cleanup());

function app(options: { job?: ScriptedJob; noEngine?: boolean } = {}) {
  const job = options.job ?? scriptedJob(memshapeTrace(600, 300), { batch: 50, everyMs: 5 });
  const engine = fakeEngine(() => job.job);
  const services = fakeServices(options.noEngine ? NO_ENGINE : engine);
  return { ...render(<App shell={createShell(services)} color={false} />), job, engine };
}

async function toImage(ui: ReturnType<typeof render>, name: string) {
  await waitForFrame(ui.lastFrame, (f) => f.includes('alpine'));
  await selectImage(ui, name);
}

describe('App', () => {
  it('opens on the images, traces memshape, shows the report and goes back', async () => {
    const ui = app();
    const first = await waitForFrame(ui.lastFrame, (f) => f.includes('engine: ready'));
    expect(first).toContain('functracer · images');
    await toImage(ui, 'functracer/memshape');
    await press(ui, KEY.enter);
    await waitForFrame(ui.lastFrame, (f) => f.includes('functracer · trace'));
    const done = await waitForFrame(ui.lastFrame, (f) => f.includes('Max memory usage'));
    expect(done).toContain('functracer/memshape 0:100 64:300 16:200 128:5 16:200 0:100');
    expect(ui.engine.plans[0]!.spec.args).toEqual(['0:100', '64:300', '16:200', '128:5', '16:200', '0:100']);
    await press(ui, KEY.escape);
    const back = await waitForFrame(ui.lastFrame, (f) => f.includes('functracer · images'));
    // The selection survived the trip.
    expect(back).toContain('› functracer/memshape');
  });

  it('h from a trace trains on that image and its options, and tests the hull on them', async () => {
    const ui = app();
    await toImage(ui, 'functracer/memshape');
    await press(ui, KEY.enter);
    await waitForFrame(ui.lastFrame, (f) => f.includes('Max memory usage') && f.includes('h hull'));
    await press(ui, 'h');
    const form = await waitForFrame(ui.lastFrame, (f) => f.includes('Hull training'));
    expect(form).toContain('Hull training · functracer/memshape 0:100 64:300');
    expect(form).toContain('Train on functracer/memshape 0:100 64:300');
    expect(form).not.toContain('sample-1mb');
    await press(ui, KEY.enter, KEY.ctrlU, '2', KEY.enter, 't');
    // The hull is drawn after each run: wait for the end of training, not the hull of the first runs.
    const trained = await waitForFrame(ui.lastFrame, (f) => /·\s+trained/.test(f));
    expect(trained).toContain('hull over 2 runs');
    await press(ui, 'a');
    await waitForFrame(ui.lastFrame, (f) => f.includes('Autotuned test · functracer/memshape 0:100'));
  });

  it('stops the run and removes its container before quitting', async () => {
    const job = scriptedJob(memshapeTrace(60_000), { batch: 10, everyMs: 5 });
    const ui = app({ job });
    await toImage(ui, 'functracer/memshape');
    await press(ui, KEY.enter);
    await waitForFrame(ui.lastFrame, (f) => f.includes('x stop'));
    await press(ui, 'q');
    await waitUntil('the run is stopped', () => job.lastSignal()?.aborted === true);
  });

  it('a second q while a stop hangs forces the quit and says how many runs were still stopping', async () => {
    // A run whose container never goes away: its stop never settles.
    const hanging: ScriptedJob = {
      job: (hooks) => (hooks.onStatus('running'), new Promise(() => {})),
      runs: () => 1,
      lastSignal: () => undefined,
    };
    const forced: number[] = [];
    const services = fakeServices(fakeEngine(() => hanging.job));
    const ui = render(<App shell={createShell(services)} color={false} quit={new Quitting((n) => forced.push(n))} />);
    await toImage(ui, 'functracer/memshape');
    await press(ui, KEY.enter);
    await waitForFrame(ui.lastFrame, (f) => f.includes('functracer · trace') && f.includes('x stop'));
    await press(ui, 'q');
    await waitForFrame(ui.lastFrame, (f) => f.includes('stopping runs'));
    expect(forced).toEqual([]);
    await press(ui, KEY.ctrlC);
    await waitUntil('the quit is forced', () => forced.length > 0);
    expect(forced).toEqual([1]);
  });

  it('Esc during a run stops it and goes back', async () => {
    const job = scriptedJob(memshapeTrace(60_000), { batch: 10, everyMs: 5 });
    const ui = app({ job });
    await toImage(ui, 'functracer/memshape');
    await press(ui, KEY.enter);
    await waitForFrame(ui.lastFrame, (f) => f.includes('Esc stop & back'));
    await press(ui, KEY.escape);
    await waitForFrame(ui.lastFrame, (f) => f.includes('functracer · images'));
    expect(job.lastSignal()?.aborted).toBe(true);
  });

  it('shows help over any screen; ? or Esc closes it', async () => {
    const ui = app();
    await waitForFrame(ui.lastFrame, (f) => f.includes('alpine'));
    await press(ui, '?');
    // A busy machine can take longer than a keystroke's pause to draw: wait for the frame, never a fixed time.
    const help = await waitForFrame(ui.lastFrame, (f) => f.includes('Help'));
    expect(help).toContain('filter the images');
    expect(help).toContain('Everywhere');
    await press(ui, KEY.escape);
    await waitForFrame(ui.lastFrame, (f) => f.includes('Images (') && !f.includes('Help'));
  });

  it('opens without an engine, says so, and still opens a recorded trace', async () => {
    const ui = app({ noEngine: true });
    const frame = await waitForFrame(ui.lastFrame, (f) => f.includes('engine: unreachable'));
    expect(frame).toContain('✘ no Docker engine answers');
    await press(ui, KEY.tab, KEY.tab, KEY.tab, KEY.enter);
    const trace = await waitForFrame(ui.lastFrame, (f) => f.includes('functracer · trace'));
    expect(trace).toContain('recorded');
    await press(ui, 'c');
    await waitForFrame(ui.lastFrame, (f) => f.includes('functracer · cost') && f.includes('aws-lambda-x86'));
    await press(ui, KEY.escape);
    await waitForFrame(ui.lastFrame, (f) => f.includes('functracer · trace'));
    await press(ui, KEY.backspace);
    await waitForFrame(ui.lastFrame, (f) => f.includes('functracer · images'));
  });

  it('opens the cost settings from home', async () => {
    const ui = app();
    await waitForFrame(ui.lastFrame, (f) => f.includes('alpine'));
    await press(ui, 'c');
    const frame = await waitForFrame(ui.lastFrame, (f) => f.includes('functracer · cost') && f.includes('Requests per month'));
    expect(frame).toContain('No trace to price yet');
  });
});
