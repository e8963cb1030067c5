import os from 'node:os';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup } from 'ink-testing-library';
import { Trace } from '../../src/core/trace.js';
import { readRawCsv } from '../../src/core/raw-csv-reader.js';
import { UserError } from '../../src/core/errors.js';
import { recordedSource, TraceSession, type TraceSource } from '../../src/app/trace-session.js';
import { openTraceFile } from '../../src/app/file-service.js';
import { DEFAULT_SETTINGS } from '../../src/app/settings.js';
import { checkOutputFolder } from '../../src/app/settings-folder.js';
import { memshapeTrace, scriptedJob } from './support/fakes.js';
import { KEY, press, waitForFrame } from './support/keys.js';
import { renderTrace } from './support/trace.js';

afterEach(() => cleanup());

function screen(
  source: TraceSource,
  extra: { onBack?: () => void; onCost?: () => void; onQuit?: () => void; height?: number; width?: number } = {},
) {
  const { onBack, onCost, ...chrome } = extra;
  return renderTrace(source, { ...chrome, exits: { ...(onBack ? { back: onBack } : {}), ...(onCost ? { cost: onCost } : {}) } });
}

describe('LiveTraceScreen', () => {
  it('grows the chart as samples arrive, then shows the report on the same screen', async () => {
    const scripted = scriptedJob(memshapeTrace(), { batch: 50, everyMs: 5 });
    const session = new TraceSession('functracer/memshape 0:100 64:300', scripted.job);
    const app = screen(session);
    session.start();
    const early = await waitForFrame(app.lastFrame, (f) => f.includes('┤') && f.includes('running'));
    expect(early).toContain('x stop');
    const done = await waitForFrame(app.lastFrame, (f) => f.includes('Max memory usage'));
    expect(done).toContain('finished');
    expect(done).toContain('peak 128.0 MiB');
    expect(done).toContain('1,000 samples');
    // The one-sample spike reaches the top of the chart.
    expect(done).toMatch(/128\.0 ┤|128\.0 ┼/);
    expect(done).toContain('r rerun');
    expect(done.split('\n').length).toBeLessThanOrEqual(22);
  });

  it('draws the billing canvas while running and on Tab after the end', async () => {
    const session = new TraceSession('memshape', scriptedJob(memshapeTrace(300, 100), { batch: 100 }).job);
    const app = screen(session);
    session.start();
    await waitForFrame(app.lastFrame, (f) => f.includes('Report'));
    await press(app, KEY.tab);
    const billing = await waitForFrame(app.lastFrame, (f) => f.includes('allocated'));
    expect(billing).toMatch(/aws-lambda-x86: ─ allocated \d+ MB {2}╌ used \d+ MiB/);
    expect(billing).toContain('billed');
    expect(billing).toContain('┆');
  });

  it('reruns with r, stops with x, and goes back and to the cost screen with Esc and c', async () => {
    const scripted = scriptedJob(memshapeTrace(5000), { batch: 10, everyMs: 5 });
    const session = new TraceSession('memshape', scripted.job);
    const onBack = vi.fn();
    const onCost = vi.fn();
    const app = screen(session, { onBack, onCost });
    session.start();
    await waitForFrame(app.lastFrame, (f) => f.includes('x stop'));
    await press(app, 'x');
    await waitForFrame(app.lastFrame, (f) => f.includes('interrupted'));
    expect(scripted.lastSignal()?.aborted).toBe(true);
    await press(app, 'r');
    await waitForFrame(app.lastFrame, (f) => f.includes('x stop'));
    expect(scripted.runs()).toBe(2);
    await press(app, 'c', KEY.escape);
    expect(onCost).toHaveBeenCalledOnce();
    expect(onBack).toHaveBeenCalledOnce();
    await session.stop();
  });

  it('shows an error the user can fix on one line with what to try, never a stack', async () => {
    const fail = new UserError(
      'the container could not start: no such file',
      'Check the image command, its arguments and the volume paths',
    );
    const session = new TraceSession('broken', scriptedJob(memshapeTrace(10), { fail }).job);
    const app = screen(session, { onBack: () => {} });
    session.start();
    const frame = await waitForFrame(app.lastFrame, (f) => f.includes('✘'));
    expect(frame).toContain('✘ the container could not start: no such file');
    expect(frame).toContain('Try: Check the image command');
    expect(frame).toContain('Esc back');
    expect(frame).toContain('Esc goes back; r runs again.');
    expect(frame).not.toMatch(/^\s+at /m);
  });

  it("offers no keys after an error in `functracer run`'s screen, which closes by itself", async () => {
    const fail = new UserError('the container could not start: no such file', 'Check the image command');
    const session = new TraceSession('broken', scriptedJob(memshapeTrace(10), { fail }).job);
    const app = renderTrace(session, { standalone: true });
    session.start();
    const frame = await waitForFrame(app.lastFrame, (f) => f.includes('✘'));
    expect(frame).toContain('Try: Check the image command');
    expect(frame).not.toContain('Esc');
    expect(frame).not.toContain('runs again');
  });

  it('leaves "waiting for the first sample" when the run fails before one, and names the setting to change', async () => {
    // The check the TUI's engine makes before each run, on a hand-edited Output folder where no file can be made.
    const session = new TraceSession('functracer/hello', async () => {
      checkOutputFolder('/proc/functracer-nope', os.tmpdir());
      throw new Error('unreachable');
    });
    const app = screen(session, { onBack: () => {} });
    session.start();
    const frame = (await waitForFrame(app.lastFrame, (f) => f.includes('✘'))).replace(/\s*\n/g, ' ');
    expect(frame).toContain('✘ Output folder /proc/functracer-nope cannot be used as an output folder');
    expect(frame).toContain('Try: Change the Output folder setting (c on the home screen)');
    expect(frame).not.toContain('--out');
    expect(frame).not.toContain('waiting for the first sample');
    expect(frame).toContain('no samples: the run failed before the first');
  });

  it('says a bug is a bug', async () => {
    const session = new TraceSession('broken', scriptedJob(memshapeTrace(10), { fail: new TypeError('x is undefined') }).job);
    const app = screen(session);
    session.start();
    const frame = await waitForFrame(app.lastFrame, (f) => f.includes('✘'));
    expect(frame).toContain('functracer hit a bug: x is undefined');
    expect(frame).toContain('please report it');
  });

  it('opens a recorded trace read-only: no rerun, no stop', async () => {
    const file = path.resolve(import.meta.dirname, '../fixtures/traces/original-format-rawresults.csv');
    const { trace, durationMs } = readRawCsv(fs.readFileSync(file, 'utf8'), 'fixture');
    const app = screen(recordedSource('original-format-rawresults.csv', trace, durationMs, file), { onBack: () => {} });
    const frame = await waitForFrame(app.lastFrame, (f) => f.includes('recorded'));
    expect(frame).toContain('Max memory usage');
    expect(frame).not.toContain('rerun');
    expect(frame).not.toContain('x stop');
    await press(app, 'r');
    expect(app.lastFrame()).toContain('recorded');
  });

  it("names a recorded run's saved output, as run's report does, and only where the file is there", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'functracer-output-'));
    const csv = path.join(dir, 'functracer-20261203-120000-1-1-rawresults.csv');
    fs.copyFileSync(path.resolve(import.meta.dirname, '../fixtures/traces/original-format-rawresults.csv'), csv);
    const without = screen((await openTraceFile(csv)).source, { onBack: () => {}, height: 40 });
    expect(await waitForFrame(without.lastFrame, (f) => f.includes('Max memory usage'))).not.toContain('Its output');
    cleanup();
    fs.writeFileSync(path.join(dir, 'functracer-20261203-120000-1-1-output.txt'), 'hello\n');
    const app = screen((await openTraceFile(csv)).source, { onBack: () => {}, height: 40 });
    const frame = await waitForFrame(app.lastFrame, (f) => f.includes('Max memory usage'));
    expect(frame.replace(/\s+/g, '')).toContain(`Itsoutput${path.join(dir, 'functracer-20261203-120000-1-1-output.txt')}`);
  });

  it("reports a recorded run as its record says it ended: exit code, OOM kill, the kernel's peak", async () => {
    const trace = memshapeTrace();
    const record = {
      image: 'functracer/memshape',
      args: ['16:100', '64:300'],
      startedAt: '2026-12-03T07:00:00.000Z',
      finishedAt: '2026-12-03T07:00:00.400Z',
      durationMs: 1000,
      durationSource: 'engine' as const,
      peakBytes: 33_554_432,
      peakSource: 'kernel' as const,
      cpuMs: 12,
      exitCode: 137,
      oomKilled: true,
      interrupted: false,
      samples: trace.length,
    };
    const app = screen(recordedSource('oom-rawresults.csv', trace, 1000, '/tmp/oom-rawresults.csv', undefined, record), {
      onBack: () => {},
    });
    const frame = await waitForFrame(app.lastFrame, (f) => f.includes('recorded'));
    expect(frame).toMatch(/^Exit code +137 \(killed: out of memory\)/m);
    expect(frame).toMatch(/^Image +functracer\/memshape 16:100 64:300/m);
    expect(frame).toMatch(/^Max memory usage +33,554,432 bytes, 32\.0 MiB \(kernel's mark\)/m);
  });

  it("calls a recorded limit at the host's memory no limit", async () => {
    const host = os.totalmem();
    const trace = new Trace();
    for (let i = 0; i < 50; i++) trace.append(i, 8 * 1024 * 1024, host);
    const app = screen(recordedSource('unlimited.csv', trace, 50, '/tmp/unlimited.csv'), { onBack: () => {} });
    const frame = await waitForFrame(app.lastFrame, (f) => f.includes('recorded'));
    // As a live run without a limit says it: no host size after it.
    expect(frame).toContain('limit none  ·');
  });

  it('redraws at most about 20 times a second however fast batches come', async () => {
    // On the test's own clock: a loaded machine slows the batches, the draws and the clock alike, and the bound is exact.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    try {
      // 1,000 batches of one sample each, a millisecond apart (unthrottled, that is about 1,000 frames).
      const session = new TraceSession('fast', scriptedJob(memshapeTrace(1000), { batch: 1, everyMs: 1 }).job);
      const app = screen(session);
      const started = Date.now();
      session.start();
      // A millisecond of the clock at a time, and a turn of the event loop after each for React to draw.
      while (!app.lastFrame()?.includes('Max memory usage') && Date.now() - started < 5000) {
        await vi.advanceTimersByTimeAsync(1);
        await new Promise((resolve) => setImmediate(resolve));
      }
      const seconds = (Date.now() - started) / 1000;
      expect(app.lastFrame()).toContain('Max memory usage');
      expect(seconds).toBeGreaterThanOrEqual(1);
      // ink-testing-library records every frame Ink writes.
      expect(app.frames.length).toBeLessThanOrEqual(Math.ceil(seconds * 20) + 2);
    } finally {
      vi.useRealTimers();
    }
  });

  it('scrolls the report by line, half page and page, and jumps to its ends with g/G and Home/End', async () => {
    const session = new TraceSession('memshape', scriptedJob(memshapeTrace(200, 50), { batch: 200 }).job);
    const app = screen(session, { height: 16 });
    session.start();
    await waitForFrame(app.lastFrame, (f) => f.includes('Max memory usage'));
    const top = app.lastFrame()!;
    expect(top).toContain('Container');
    expect(top).not.toContain('Cheapest:');
    for (const [toEnd, toTop] of [
      ['G', 'g'],
      [KEY.end, KEY.home],
    ]) {
      await press(app, toEnd!);
      expect(app.lastFrame()).toContain('Cheapest:');
      expect(app.lastFrame()).not.toMatch(/^Container/m);
      await press(app, toTop!);
      expect(app.lastFrame()).toBe(top);
    }
    await press(app, KEY.ctrlD);
    const half = app.lastFrame()!;
    expect(half).not.toBe(top);
    await press(app, KEY.ctrlU);
    expect(app.lastFrame()).toBe(top);
    await press(app, KEY.pageDown);
    expect(app.lastFrame()).not.toBe(half);
  });

  it("lists the providers cheapest first, as functracer run does, whatever the settings' provider", async () => {
    const session = new TraceSession('memshape', scriptedJob(memshapeTrace(200, 50), { batch: 200 }).job);
    const app = screen(session, { height: 60 });
    session.start();
    const done = await waitForFrame(app.lastFrame, (f) => f.includes('Cheapest:'));
    const lines = done.split('\n').map((l) => l.trim());
    const rows = lines.slice(lines.findIndex((l) => l.startsWith('provider')) + 1).filter((l) => /^[a-z][\w-]+\s+\d/.test(l));
    const perMillion = rows.map((l) => Number(l.split(/\s+/)[3]!.replace(/,/g, '')));
    expect(rows.length).toBeGreaterThan(3);
    expect(rows[0]).not.toMatch(new RegExp(`^${DEFAULT_SETTINGS.provider}\\s`));
    expect(perMillion).toEqual([...perMillion].sort((a, b) => a - b));
    expect(done).toMatch(new RegExp(`Cheapest: ${rows[0]!.split(/\s+/)[0]},`));
  });

  it('fits a narrow, short terminal', async () => {
    const session = new TraceSession('memshape', scriptedJob(memshapeTrace(200, 50), { batch: 200 }).job);
    const app = screen(session, { width: 60, height: 14 });
    session.start();
    const frame = await waitForFrame(app.lastFrame, (f) => f.includes('Report'));
    expect(frame.split('\n').length).toBeLessThanOrEqual(14);
    for (const line of frame.split('\n')) expect([...line].length).toBeLessThanOrEqual(60);
  });
});
