import { describe, expect, it } from 'vitest';
import { computeHull, computeUhull } from '../../src/core/hull.js';
import { UserError } from '../../src/core/errors.js';
import { defaultHullForm, hullRequest, toggleInput } from '../../src/app/screens/hull/form.js';
import { HullSession } from '../../src/app/hull-session.js';
import { MultiRunSession } from '../../src/app/multi-session.js';
import { screenMultiTable } from '../../src/app/multi-table.js';
import { inputsLayout } from '../../src/app/present/home-layout.js';
import { limitSeries, overlayLines } from '../../src/app/present/hull-chart.js';
import { MULTI_HEADER, multiRowLine, statsLines } from '../../src/report/multi-rows.js';
import { costDigits } from '../../src/report/multi-cells.js';
import { DEFAULT_SETTINGS } from '../../src/app/settings.js';
import { INPUTS, memshapeTrace, resultFor } from '../components/support/fakes.js';
import { rampTrace, scriptedHullJobs, scriptedMultiJob } from '../components/support/jobs.js';
import { whenSnapshot } from '../support/snapshots.js';

describe('MultiRunSession', () => {
  it('runs N times, a row per finished run, and ignores N while running', async () => {
    const session = new MultiRunSession('memshape', scriptedMultiJob(() => memshapeTrace(200)).job, 256 * 2 ** 20);
    session.setRuns(3);
    session.setRuns(0);
    expect(session.getSnapshot().runs).toBe(3);
    session.start();
    session.setRuns(7);
    expect(session.getSnapshot()).toMatchObject({ phase: 'running', runs: 3, allocatedBytes: 256 * 2 ** 20 });
    await whenSnapshot(session, (s) => s.phase !== 'running', 'the runs end');
    expect(session.getSnapshot()).toMatchObject({ phase: 'finished', interrupted: false, status: 'finished' });
    expect(session.getSnapshot().done).toHaveLength(3);
    expect(session.getSnapshot().current).toBeUndefined();
  });

  it('leaves the interrupted run out of the table when stopped', async () => {
    const session = new MultiRunSession('memshape', scriptedMultiJob(() => memshapeTrace(2000), { batch: 10, everyMs: 2 }).job);
    session.start();
    await whenSnapshot(session, (s) => s.done.length === 1, 'a run is done');
    await session.stop();
    expect(session.getSnapshot()).toMatchObject({ phase: 'finished', interrupted: true });
    expect(session.getSnapshot().done).toHaveLength(1);
  });
});

describe('the multi-run table', () => {
  it('prices on the chosen provider, and puts each statistic under the column it describes', () => {
    const results = [300, 400, 500].map((ms) => resultFor(memshapeTrace(ms, 10)));
    const table = screenMultiTable(results, { ...DEFAULT_SETTINGS, provider: 'aws-lambda-2020' });
    expect(table.rows.map((r) => r.billedMs)).toEqual([300, 400, 500]);
    expect(table.stats?.durationMs.median).toBe(399);
    const header = MULTI_HEADER;
    const digits = costDigits(table.rows);
    const row = multiRowLine(0, results[0]!.durationMs, results[0]!.peakBytes, table.rows[0], digits);
    const median = statsLines(table.stats!, digits)[1]!;
    const end = (line: string, text: string) => line.indexOf(text) + text.length;
    // Every cost in the table has the same decimals, and no "-0".
    const costs = [row, median].map((line) => line.slice(end(header, 'alloc MB'), end(header, 'cost $')).trim());
    for (const cost of costs) expect(cost).toMatch(new RegExp(`^\\d[\\d,]*\\.\\d{${digits}}$`));
    expect(end(row, '299.0')).toBe(end(header, 'time ms'));
    expect(end(median, '399.0')).toBe(end(header, 'time ms'));
    expect(end(median, '128.0')).toBe(end(header, 'used MiB'));
    expect(header.length).toBeLessThanOrEqual(78);
  });
});

describe('HullSession', () => {
  it('folds each finished run into the hull as it ends, then tests the upscaling hull', async () => {
    const session = new HullSession(scriptedHullJobs({ ms: 300, everyMs: 1 }));
    session.test('/x/sample-5mb.jpg');
    expect(session.getSnapshot().test).toBeUndefined();
    const request = { inputs: ['/x/sample-1mb.jpg', '/x/sample-2mb.jpg'], runs: 4, step: 0.1, lookahead: 2, bufferPct: 10 };
    session.train(request);
    await whenSnapshot(session, (s) => s.phase === 'trained', 'the hull is trained');
    const snapshot = session.getSnapshot();
    expect(snapshot.done.map((d) => d.input)).toEqual([...request.inputs, ...request.inputs]);
    const hull = computeHull(
      snapshot.done.map((d) => d.result),
      { step: 0.1 },
    );
    expect(snapshot.hull).toEqual(hull);
    expect(snapshot.uhull).toEqual(computeUhull(hull, request));
    session.test('/x/sample-5mb.jpg');
    await whenSnapshot(session, (s) => s.test?.snapshot.phase === 'finished', 'the test run finishes');
    expect(session.getSnapshot().test?.snapshot.result?.autotune?.updates.length).toBeGreaterThan(0);
  });
});

describe('hull form and charts', () => {
  it('trains on the smaller samples by default and names the field that is wrong', () => {
    const form = defaultHullForm(INPUTS);
    expect(form.chosen).toEqual(['sample-1mb.jpg', 'sample-2mb.jpg']);
    expect(form.test).toBe('sample-5mb.jpg');
    expect(hullRequest(form, INPUTS)).toMatchObject({
      runs: 10,
      step: 0.1,
      lookahead: 2,
      bufferPct: 0,
      inputs: [INPUTS[0]!.path, INPUTS[1]!.path],
    });
    expect(() => hullRequest({ ...form, step: '0' }, INPUTS)).toThrow(/step got "0"/);
    expect(() => hullRequest({ ...form, lookahead: '1.5' }, INPUTS)).toThrow(UserError);
    expect(() => hullRequest(toggleInput(toggleInput(form, 'sample-1mb.jpg'), 'sample-2mb.jpg'), INPUTS)).toThrow(/no training input/);
  });

  it('overlays traces and hulls in exactly the rows given, no wider than the screen', () => {
    const traces = [80, 120].map((peak, i) => ({ name: `run ${i + 1}`, trace: rampTrace(2000, peak), durationMs: 2000 }));
    const hull = computeHull(traces);
    const lines = overlayLines(traces, hull, computeUhull(hull), 80, 12, false);
    expect(lines).toHaveLength(12);
    for (const line of lines) expect([...line].length).toBeLessThanOrEqual(80);
    expect(lines[0]).toMatch(/^ +120\.0 ┼/);
    expect(lines.at(-1)).toMatch(/0 s .* 2\.\d+ s$/);
  });

  it('carries the limit column across the chart, ending with the usage', () => {
    const trace = rampTrace(1000, 50, (t) => (t < 500 ? 40 : 80));
    const series = limitSeries(trace, 10, 1000, 10);
    expect(series.slice(0, 5)).toEqual([40, 40, 40, 40, 40]);
    expect(series.slice(5)).toEqual([80, 80, 80, 80, 80]);
  });

  it('gives the preview at most 38 × 12 cells of an 80 × 24 screen, and text two rows', () => {
    const half = inputsLayout({ panes: 20, width: 40, files: 3, writing: false, focused: true, protocol: 'half-blocks' });
    expect(half.previewBox.columns).toBeLessThanOrEqual(38);
    expect(half.previewBox.rows).toBeGreaterThanOrEqual(8);
    expect(half.previewBox.rows).toBeLessThanOrEqual(12);
    expect(inputsLayout({ panes: 20, width: 40, files: 3, writing: false, focused: true, protocol: 'text' }).previewBox.rows).toBe(2);
    expect(inputsLayout({ panes: 20, width: 40, files: 3, writing: false, focused: false, protocol: 'half-blocks' }).previewing).toBe(
      false,
    );
  });
});
