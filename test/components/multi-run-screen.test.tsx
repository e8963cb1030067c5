import { cleanup, render } from 'ink-testing-library';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { MultiRunScreen } from '../../components/screens/MultiRunScreen.js';
import { MultiRunSession } from '../../src/app/multi-session.js';
import { createMultiRun } from '../../src/app/screens/multi/actions.js';
import type { RunResult } from '../../src/app/trace-session.js';
import { fakeServices, memshapeTrace, NO_ENGINE } from './support/fakes.js';
import { scriptedMultiJob } from './support/jobs.js';
import type { RunEstimate } from '../../src/core/estimate.js';
import { CHROME, KEY, press, waitForFrame } from './support/keys.js';

afterEach(() => cleanup());

const FILES = { dat: '/fake/work/traces/functracer-multi-1-results.dat', csv: '/fake/work/traces/functracer-multi-1-results.csv' };

function screen(
  options: {
    ms?: number;
    everyMs?: number;
    onOpenRun?: (result: RunResult, index: number) => void;
    onBack?: () => void;
    provider?: string;
    estimate?: RunEstimate;
    /** Each run's node, as runs from a swarm carry it. */
    nodeOf?: (index: number) => string;
  } = {},
) {
  // Each run a little longer and higher than the one before, so the statistics have a spread.
  const scripted = scriptedMultiJob((i) => memshapeTrace((options.ms ?? 300) + 50 * i, 100), {
    files: FILES,
    batch: 10,
    everyMs: options.everyMs ?? 2,
    ...(options.estimate ? { estimate: options.estimate } : {}),
  });
  const { nodeOf } = options;
  const job: typeof scripted.job = nodeOf
    ? (runs, hooks) => scripted.job(runs, { ...hooks, onRunDone: (i, result) => hooks.onRunDone(i, { ...result, node: nodeOf(i) }) })
    : scripted.job;
  const session = new MultiRunSession('functracer/memshape 0:100 64:300', job);
  const services = fakeServices(NO_ENGINE);
  services.settings.set('provider', options.provider ?? 'aws-lambda-2020');
  const model = createMultiRun(session, services, { openRun: options.onOpenRun ?? (() => {}), back: options.onBack ?? (() => {}) });
  const app = render(<MultiRunScreen model={model} standalone {...CHROME} />);
  return { app, session, scripted };
}

describe('MultiRunScreen', () => {
  it('chooses N, shows each run as it finishes, then the table with its statistics', async () => {
    const { app } = screen({ everyMs: 5 });
    const idle = await waitForFrame(app.lastFrame, (f) => f.includes('N = ‹ 5 ›'));
    expect(idle).toContain('Enter start');
    // Whole at 80 columns: which provider and how many requests the table is priced for.
    expect(idle).toContain('Enter starts · aws-lambda-2020, 1,000,000 requests');
    expect(idle).not.toContain('…');
    await press(app, '3', KEY.left, KEY.right, KEY.right);
    await waitForFrame(app.lastFrame, (f) => f.includes('N = ‹ 4 ›'));
    await press(app, KEY.left, KEY.enter);
    const running = await waitForFrame(app.lastFrame, (f) => f.includes('run 1/3 ·') && f.includes('┤'));
    expect(running).toContain('x stop');
    await waitForFrame(app.lastFrame, (f) => f.includes('1 of 3 runs done'));
    const done = await waitForFrame(app.lastFrame, (f) => f.includes('statistics over 3 runs'));
    expect(done).toMatch(/time ms +used MiB +billed ms +alloc MB +cost \$ +net \$ +overhead \$/);
    // memshape's spike: 128 MB used and allocated on the 2020 model, billed in steps of 100 ms.
    expect(done).toMatch(/› 1 +299\.0 +128 +300 +128 +0\.8251 +0\.8230 +0\.0021/);
    expect(done).toMatch(/ {2}3 +399\.0 +128 +400 +128 /);
    for (const label of ['min', 'median', 'mean', 'p95', 'max', 'stddev']) expect(done).toMatch(new RegExp(`^ {2}${label} +\\d`, 'm'));
    expect(done).toMatch(/median +349\.0 +128\.0/);
    expect(done).toContain('Table traces/functracer-multi-1-results.dat');
    expect(done.split('\n').length).toBeLessThanOrEqual(22);
    // The list's ends and pages, as in every scrollable view.
    await press(app, 'G');
    expect(app.lastFrame()).toMatch(/› 3 +399\.0/);
    await press(app, KEY.home);
    expect(app.lastFrame()).toMatch(/› 1 +299\.0/);
    await press(app, KEY.pageDown);
    expect(app.lastFrame()).toMatch(/› 3 +399\.0/);
    await press(app, 'g');
    expect(app.lastFrame()).toMatch(/› 1 +299\.0/);
  });

  it('opens the selected run read-only, and goes back with Esc', async () => {
    const onOpenRun = vi.fn();
    const onBack = vi.fn();
    const { app } = screen({ onOpenRun, onBack });
    await press(app, '2', KEY.enter);
    await waitForFrame(app.lastFrame, (f) => f.includes('statistics over 2 runs'));
    await press(app, 'j', KEY.enter);
    expect(onOpenRun).toHaveBeenCalledOnce();
    const [result, index] = onOpenRun.mock.calls[0]! as [RunResult, number];
    expect(index).toBe(1);
    expect(result.durationMs).toBe(349);
    await press(app, KEY.escape);
    expect(onBack).toHaveBeenCalledOnce();
  });

  it("names each run's node when the runs come from a swarm: in place of the overhead at 80 columns", async () => {
    const { app } = screen({ nodeOf: (i) => (i % 2 === 0 ? 'lab-node-a' : 'a-much-longer-node-name') });
    await waitForFrame(app.lastFrame, (f) => f.includes('N = ‹ 5 ›'));
    await press(app, KEY.left, KEY.left, KEY.enter);
    const done = await waitForFrame(app.lastFrame, (f) => f.includes('statistics over 3 runs'));
    expect(done).toMatch(/time ms +used MiB +billed ms +alloc MB +cost \$ +net \$ node$/m);
    expect(done).toMatch(/› 1 +299\.0 +128 +300 +128 +0\.8251 +0\.8230 lab-node-a$/m);
    // Cut to the column, the cut marked.
    expect(done).toMatch(/ {2}2 +349\.0 .* a-much-lo…$/m);
    for (const line of done.split('\n')) expect([...line].length).toBeLessThanOrEqual(80);
  });

  it('x stops the run going and keeps the finished ones in the table', async () => {
    const { app, scripted } = screen({ ms: 3000, everyMs: 5 });
    await press(app, KEY.enter);
    await waitForFrame(app.lastFrame, (f) => f.includes('1 of 5 runs done') && f.includes('run 2/5 ·'));
    await press(app, 'x');
    const stopped = await waitForFrame(app.lastFrame, (f) => f.includes('stopped (finished runs kept)'));
    expect(scripted.lastSignal()?.aborted).toBe(true);
    expect(stopped).toContain('1 of 5 runs done');
    expect(stopped).toContain('statistics over 1 run:');
    expect(stopped).toContain('r run 5 again');
  });

  it('e saves the picture and names the files', async () => {
    const { app } = screen();
    await press(app, '1', KEY.enter);
    await waitForFrame(app.lastFrame, (f) => f.includes('statistics over 1 run'));
    await press(app, 'e');
    const saved = await waitForFrame(app.lastFrame, (f) => f.includes('Saved'));
    expect(saved).toContain('Saved traces/functracer-multi-1-plot.svg and .png');
  });

  it('says so when the provider cannot price the runs, and still lists them', async () => {
    const { app } = screen({ provider: 'nope' });
    await press(app, '1', KEY.enter);
    const frame = await waitForFrame(app.lastFrame, (f) => f.includes('·  finished'));
    expect(frame).toContain('✘ provider nope is not a known provider. Try: change the provider');
    expect(frame).toMatch(/› 1 +299\.0 +128 +– +–/);
  });

  it('asks before a long series goes on after its first run: y goes on, x stops with the first run kept', async () => {
    const estimate = { perRunMs: 200_000, totalRuns: 3, runsLeft: 2, leftMs: 400_000 };
    const { app } = screen({ estimate });
    await waitForFrame(app.lastFrame, (f) => f.includes('N = ‹ 5 ›'));
    await press(app, KEY.left, KEY.left, KEY.enter);
    const asked = await waitForFrame(app.lastFrame, (f) => f.includes('Go on?'));
    expect(asked.replace(/\s+/g, ' ')).toContain('Go on? 2 more runs of about 3 min 20 s each: about 6 min 40 s (from the first run).');
    expect(asked).toContain('y go on');
    await press(app, 'y');
    await waitForFrame(app.lastFrame, (f) => f.includes('statistics over 3 runs'));
    await press(app, 'r');
    await waitForFrame(app.lastFrame, (f) => f.includes('Go on?'));
    await press(app, 'x');
    const stopped = await waitForFrame(app.lastFrame, (f) => f.includes('stopped (finished runs kept)'));
    expect(stopped).toContain('statistics over 1 run');
  });

  it('says how far the mean duration can be trusted under the statistics', async () => {
    const { app } = screen();
    await waitForFrame(app.lastFrame, (f) => f.includes('N = ‹ 5 ›'));
    await press(app, KEY.left, KEY.left, KEY.enter);
    const done = await waitForFrame(app.lastFrame, (f) => f.includes('statistics over 3 runs'));
    // 299, 349 and 399 ms: a mean of 349 ± t(2) · 50/√3, too wide for the mean to stand for the runs; shortened to 80 columns.
    expect(done).toMatch(/^ {2}mean 349\.0 ms ±35\.6 % \(95 %\): runs too spread$/m);
    for (const line of done.split('\n')) expect([...line].length, line).toBeLessThanOrEqual(80);
  });

  it('takes N up to the runs cap functracer multi has, and says so past it', async () => {
    const { app, session } = screen();
    await waitForFrame(app.lastFrame, (f) => f.includes('N = ‹ 5 ›'));
    await press(app, ...'9999');
    await waitForFrame(app.lastFrame, (f) => f.includes('N = ‹ 9999 ›'));
    await press(app, '9');
    const refused = await waitForFrame(app.lastFrame, (f) => f.includes('which is more than 10,000'));
    expect(refused).toContain('N got "99999", which is more than 10,000');
    expect(session.getSnapshot().runs).toBe(9999);
  });
});
