import fs from 'node:fs';
import path from 'node:path';
import { cleanup, render } from 'ink-testing-library';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { HullScreen } from '../../components/screens/HullScreen.js';
import { HullSession } from '../../src/app/hull-session.js';
import { createHull } from '../../src/app/screens/hull/actions.js';
import { exportHull } from '../../src/app/picture-service.js';
import type { AppServices } from '../../src/app/services.js';
import { fakeServices, NO_ENGINE, tempDir } from './support/fakes.js';
import { scriptedHullJobs } from './support/jobs.js';
import { CHROME, KEY, press, waitForFrame } from './support/keys.js';

afterEach(() => cleanup());

function screen(options: { ms?: number; services?: Partial<AppServices>; onBack?: () => void } = {}) {
  const jobs = scriptedHullJobs({ ms: options.ms ?? 600 });
  const session = new HullSession(jobs);
  const model = createHull(session, fakeServices(NO_ENGINE, options.services), { back: options.onBack ?? (() => {}) });
  const app = render(<HullScreen model={model} standalone {...CHROME} />);
  return { app, session, jobs, model };
}

/** Runs: 3, typed as a burst (no redraw between the keys), then t. */
function trainThree(app: ReturnType<typeof screen>['app']) {
  for (const key of [KEY.right, KEY.right, KEY.right, KEY.enter, '\x15', '3', KEY.enter, 't']) app.stdin.write(key);
}

describe('HullScreen', () => {
  it('starts with the smaller samples ticked for training and the largest for the test', async () => {
    const { app } = screen();
    const frame = await waitForFrame(app.lastFrame, (f) => f.includes('sample-5mb'));
    expect(frame).toContain('Train on›[x] sample-1mb  [x] sample-2mb  [ ] sample-5mb');
    expect(frame).toMatch(/Runs 10 +Step 0\.1 s +Lookahead 2 +Buffer 0 % +Test on sample-5mb/);
    expect(frame).toContain('No trace yet');
    expect(frame).toContain('Enter change  t train');
    for (const line of frame.split('\n')) expect([...line].length).toBeLessThanOrEqual(80);
  });

  it('trains over the ticked inputs: traces overlay as they arrive, with the hull and upscaling hull', async () => {
    const { app } = screen({ ms: 3000 });
    await waitForFrame(app.lastFrame, (f) => f.includes('sample-5mb'));
    trainThree(app);
    const running = await waitForFrame(
      app.lastFrame,
      (f) => f.includes('training run 2 of 3 on sample-2mb.jpg') && f.includes('hull over 1 run:'),
    );
    expect(running).toContain('┤');
    expect(running).toContain('x stop');
    const trained = await waitForFrame(app.lastFrame, (f) => f.includes('·  trained'));
    expect(trained).toMatch(/Runs 3 /);
    // Without colour the traces, the hull and the upscaling hull are light, heavy and double lines.
    expect(trained).toContain('─── 3 traces');
    expect(trained).toContain('━━━ hull');
    expect(trained).toContain('═══ upscaling hull');
    const chart = trained
      .split('\n')
      .filter((l) => /[┤┼]/.test(l))
      .join('\n');
    for (const glyph of ['─', '━', '═']) expect(chart).toContain(glyph);
    // The 2 MB input peaks at 120 MB in these recorded traces, and that is the hull's top.
    expect(trained).toMatch(/hull over 3 runs to 3\.1 s · peak 120\.0 MiB · upscaling 1\d\d\.\d MiB/);
    expect(trained).toMatch(/^ +120\.0 ┼/m);
    expect(trained.split('\n').length).toBeLessThanOrEqual(22);
  });

  it('s saves uhull.json and hull.json into the output folder and names them', async () => {
    const dir = tempDir('hull-out');
    const { app } = screen({ services: { saveHull: (_outDir, hull, uhull) => exportHull(dir, hull, uhull), cwd: dir } });
    await waitForFrame(app.lastFrame, (f) => f.includes('sample-5mb'));
    trainThree(app);
    await waitForFrame(app.lastFrame, (f) => f.includes('·  trained'));
    await press(app, 's');
    const saved = await waitForFrame(app.lastFrame, (f) => f.includes('Saved'));
    expect(saved).toContain('Saved uhull.json and hull.json');
    const uhull = JSON.parse(fs.readFileSync(path.join(dir, 'uhull.json'), 'utf8')) as Record<string, number>;
    const hull = JSON.parse(fs.readFileSync(path.join(dir, 'hull.json'), 'utf8')) as Record<string, number>;
    expect(Object.keys(hull)[0]).toBe('0.0');
    expect(Math.max(...Object.values(hull))).toBeCloseTo(120, 0);
    // Floored at the engine's minimum limit, as `functracer hull` writes it; the closing 0 stays.
    expect(Math.min(...Object.values(uhull).slice(0, -1))).toBeGreaterThanOrEqual(6);
  });

  it('a runs an autotuned test: the limit over the usage, then the dynamic-vs-static saving', async () => {
    const { app } = screen();
    await waitForFrame(app.lastFrame, (f) => f.includes('sample-5mb'));
    trainThree(app);
    await waitForFrame(app.lastFrame, (f) => f.includes('·  trained'));
    await press(app, 'a');
    const testing = await waitForFrame(app.lastFrame, (f) => f.includes('Autotuned test · resize sample-5mb.jpg'));
    expect(testing).toContain('╌╌╌ limit set by the autotuner');
    const done = await waitForFrame(app.lastFrame, (f) => f.includes('survived'));
    expect(done).toMatch(/survived · 5 limit changes \(0 held, 0 refused\)/);
    expect(done).toMatch(/aws-lambda-x86: saved -?\d+\.\d % · dynamic \$[\d.,]+ vs static \$[\d.,]+/);
    // The axis runs to the run's own end (599 ms), not to the second it starts from while the run goes.
    expect(done).toMatch(/└0 ms +300 ms +599 ms/);
    await press(app, KEY.tab);
    await waitForFrame(app.lastFrame, (f) => f.includes('Hull training') && f.includes('── 3 traces'));
    await press(app, KEY.tab);
    await waitForFrame(app.lastFrame, (f) => f.includes('Autotuned test'));
  });

  it('names a bad field and an empty choice on one line, with what to try', async () => {
    const { app } = screen();
    await waitForFrame(app.lastFrame, (f) => f.includes('sample-5mb'));
    // A letter is refused as it is typed; an empty value at Enter; either way the edit goes on.
    for (const key of [KEY.right, KEY.right, KEY.right, KEY.enter, '\x15', 'a']) app.stdin.write(key);
    await waitForFrame(app.lastFrame, (f) => f.includes('✘ "a" cannot go into this field. Try: It takes a whole number of runs'));
    await press(app, KEY.enter);
    await waitForFrame(app.lastFrame, (f) => f.includes('✘ runs got "". Try: Give a whole number of runs'));
    await press(app, '2', KEY.enter, KEY.left, KEY.left, KEY.left, ' ', KEY.right, ' ', 't');
    await waitForFrame(app.lastFrame, (f) => f.includes('✘ no training input is chosen'));
  });

  it('x stops training and keeps the finished runs; Esc goes back', async () => {
    const onBack = vi.fn();
    const { app, jobs } = screen({ ms: 3000, onBack });
    await waitForFrame(app.lastFrame, (f) => f.includes('sample-5mb'));
    await press(app, 't');
    await waitForFrame(app.lastFrame, (f) => f.includes('hull over 1 run:') && f.includes('training run 2 of 10'));
    await press(app, 'x');
    const stopped = await waitForFrame(app.lastFrame, (f) => f.includes('stopped (finished runs kept)'));
    expect(jobs.trainSignal()?.aborted).toBe(true);
    expect(stopped).toContain('hull over 1 run:');
    await press(app, KEY.escape);
    expect(onBack).toHaveBeenCalledOnce();
  });
});
