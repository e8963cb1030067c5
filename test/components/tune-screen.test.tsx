import fs from 'node:fs';
import path from 'node:path';
import { cleanup, render } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import { App } from '../../components/App.js';
import { createShell } from '../../src/app/screens/shell/shell.js';
import { timeLeft } from '../../src/app/present/tune-screen.js';
import { exportTunePlot } from '../../src/app/picture-service.js';
import type { AppServices, EngineHandle } from '../../src/app/services.js';
import { parseSvg } from '../support/svg.js';
import { fakeEngine, fakeServices, memshapeTrace, scriptedJob, tempDir } from './support/fakes.js';
import { scriptedTuneJob } from './support/jobs.js';
import { KEY, press, waitForFrame } from './support/keys.js';

afterEach(() => cleanup());

function app(overrides: Partial<AppServices> = {}, tuneJob?: EngineHandle['tuneJob']) {
  const engine = fakeEngine(() => scriptedJob(memshapeTrace(600, 300), { batch: 50, everyMs: 2 }).job, tuneJob ? { tuneJob } : {});
  const ui = render(<App shell={createShell(fakeServices(engine, overrides))} color={false} />);
  // ink-testing-library's terminal is 100 columns; users have 80.
  Object.defineProperty(ui.stdout, 'columns', { value: 80 });
  ui.stdout.emit('resize');
  return { ...ui, engine };
}

/** Filters the list down to `name` with /, which leaves it selected. */
async function toImage(ui: ReturnType<typeof app>, name: string) {
  await waitForFrame(ui.lastFrame, (f) => f.includes('alpine'));
  await press(ui, '/', ...name, KEY.enter);
  await waitForFrame(ui.lastFrame, (f) => f.includes('Images (1)'));
}

describe('App: the Tune screen', () => {
  it('p on home tunes the selection: the form, runs arriving, the report with its answer, a size opening its runs', async () => {
    const ui = app();
    await toImage(ui, 'functracer/memshape');
    await press(ui, 'p');
    const form = await waitForFrame(ui.lastFrame, (f) => f.includes('functracer · tune') && f.includes('Provider'));
    // The settings' provider first, with its own spread of sizes.
    expect(form).toContain('Provider ‹ aws-lambda-x86 ›');
    expect(form).toContain('Sizes 128,256,512,1024,1769,3008');
    // Sizes: a size the provider does not offer is refused at Enter, with the reason, and the edit goes on.
    await press(ui, KEY.right, KEY.enter, KEY.ctrlU, ...'32,256', KEY.enter);
    const refused = await waitForFrame(ui.lastFrame, (f) => f.includes('sizes got 32 MB'));
    expect(refused).toContain('aws-lambda-x86 does not offer (128–10240 MB)');
    await press(ui, KEY.ctrlU, ...'128,256,512', KEY.enter, KEY.right, KEY.enter, KEY.ctrlU, '2', KEY.enter);
    await waitForFrame(ui.lastFrame, (f) => f.includes('Sizes 128,256,512') && f.includes('Runs 2'));
    await press(ui, 't');
    const going = await waitForFrame(ui.lastFrame, (f) => /\d of 6 runs · \d+ MB, run \d/.test(f));
    expect(going).toMatch(/running|MB: run/);
    const done = await waitForFrame(ui.lastFrame, (f) => f.includes('Best for cost'));
    // The report's last line is the answer; the fake's 60 MB peak fits every size, and the largest is fastest.
    expect(done).toMatch(/Best for cost: \d+ MB; fastest 512 MB/);
    for (const line of done.split('\n')) expect([...line].length, line).toBeLessThanOrEqual(80);
    expect(ui.engine.plans.at(-1)!.title).toContain('functracer/memshape');
    // The report's sizes, the first chosen; Enter opens its two runs on the multi-run screen.
    expect(done).toContain('›Size ‹ 128 MB › 2 runs: Enter opens them');
    await press(ui, KEY.right, KEY.enter);
    const runs = await waitForFrame(
      ui.lastFrame,
      (f) => f.includes('functracer · multi-run') && f.includes('2 runs of 256 MB · functracer/memshape'),
    );
    expect(runs).toContain('statistics over 2 runs');
    await press(ui, KEY.escape);
    await waitForFrame(ui.lastFrame, (f) => f.includes('functracer · tune') && f.includes('Best for cost'));
  });

  it('e exports the chart of duration and cost against size, named as tune --plot names it', async () => {
    const cwd = tempDir('tune-export');
    // The real renderer (Vega and sharp), into a working directory of the test's own.
    const ui = app({ cwd, exportTunePlot: (outcome, outDir) => exportTunePlot(outcome, path.join(cwd, outDir)) });
    await toImage(ui, 'functracer/memshape');
    await press(ui, 'p');
    await waitForFrame(ui.lastFrame, (f) => f.includes('Provider'));
    // No report yet, so nothing to export: the key is not offered.
    expect(ui.lastFrame()).not.toContain('e export');
    await press(ui, KEY.right, KEY.enter, KEY.ctrlU, ...'128,512', KEY.enter, KEY.right, KEY.enter, KEY.ctrlU, '1', KEY.enter);
    await waitForFrame(ui.lastFrame, (f) => f.includes('Runs 1') && f.includes('Sizes 128,512'));
    await press(ui, 't');
    // One run a size gives no interval, so the answer says the sizes cannot be told apart.
    const done = await waitForFrame(ui.lastFrame, (f) => f.includes('cannot be told') && f.includes('e export'));
    expect(done).toContain('›Size ‹ 128 MB ›');
    await press(ui, 'e');
    const saved = await waitForFrame(ui.lastFrame, (f) => f.includes('Saved'));
    const name = /Saved traces\/(functracer-tune-\d{8}-\d{6}-\d+-\d+-plot)\.svg and \.png/.exec(saved)?.[1];
    expect(name, saved).toBeDefined();
    const svg = parseSvg(fs.readFileSync(path.join(cwd, 'traces', `${name}.svg`), 'utf8'));
    expect(svg.texts).toContain('memory size (MB)');
    expect(svg.texts).toContain('128');
    expect(svg.texts).toContain('512');
    expect(svg.texts.some((t) => t.includes('functracer/memshape') && t.includes('aws-lambda-x86'))).toBe(true);
    expect(fs.statSync(path.join(cwd, 'traces', `${name}.png`)).size).toBeGreaterThan(1000);
    // The message gives way to the size line at the next key.
    await press(ui, KEY.right);
    await waitForFrame(ui.lastFrame, (f) => f.includes('›Size ‹ 512 MB ›') && !f.includes('Saved'));
  });

  it('asks before a tuning that would take more than five minutes goes on: x stops with the first run, y goes on', async () => {
    // The first run took two minutes, so the three left take six.
    const estimate = { perRunMs: 120_000, totalRuns: 4, runsLeft: 3, leftMs: 360_000 };
    const ui = app({}, (plan) => scriptedTuneJob(plan, { estimate }));
    await toImage(ui, 'functracer/memshape');
    await press(ui, 'p');
    await waitForFrame(ui.lastFrame, (f) => f.includes('Provider'));
    await press(ui, KEY.right, KEY.enter, KEY.ctrlU, ...'128,256', KEY.enter, KEY.right, KEY.enter, KEY.ctrlU, '2', KEY.enter);
    await waitForFrame(ui.lastFrame, (f) => f.includes('Runs 2') && f.includes('Sizes 128,256'));
    await press(ui, 't');
    const asked = await waitForFrame(ui.lastFrame, (f) => f.includes('Go on?'));
    expect(asked.replace(/\s+/g, ' ')).toContain(
      'Go on? 3 more runs of about 2 min each: about 6 min (from the first run). y goes on; x stops here, keeping the first run.',
    );
    expect(asked).toContain('y go on');
    expect(asked).toContain('x stop');
    for (const line of asked.split('\n')) expect([...line].length, line).toBeLessThanOrEqual(80);
    await press(ui, 'x');
    const stopped = await waitForFrame(ui.lastFrame, (f) => f.includes('stopped (finished sizes kept)'));
    expect(stopped).not.toContain('Go on?');
    expect(stopped.replace(/\s+/g, ' ')).toContain('no answer');
    // Again, and this time on: all four runs, then the answer.
    await press(ui, 't');
    await waitForFrame(ui.lastFrame, (f) => f.includes('Go on?'));
    await press(ui, 'y');
    const done = await waitForFrame(ui.lastFrame, (f) => f.includes('Best for cost'));
    expect(done).not.toContain('Go on?');
  }, 40_000);

  it('says how long is left the way a person would', () => {
    expect(timeLeft(400)).toBe('about 1 s left');
    expect(timeLeft(42_000)).toBe('about 42 s left');
    expect(timeLeft(80_000)).toBe('about 1 min 20 s left');
    expect(timeLeft(119_000)).toBe('about 2 min left');
  });
});
