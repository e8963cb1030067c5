import { cleanup, render } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import { App } from '../../components/App.js';
import { InvokeTraceSession } from '../../src/app/invoke-session.js';
import { createShell } from '../../src/app/screens/shell/shell.js';
import { MIB } from '../../src/core/units.js';
import { fakeEngine, fakeServices, memshapeTrace, scriptedJob } from './support/fakes.js';
import { scriptedInvokeJob } from './support/invoke.js';
import { KEY, press, selectImage, waitForFrame } from './support/keys.js';
import { renderTrace } from './support/trace.js';

afterEach(() => cleanup());

/** Every line fits the width, and the frame the height. */
function expectFits(frame: string, width: number, height: number): void {
  const lines = frame.split('\n');
  expect(lines.length).toBeLessThanOrEqual(height);
  for (const line of lines) expect([...line].length, line).toBeLessThanOrEqual(width);
}

/** The chart's row of phase labels: the one under the time axis. */
const labelRow = (frame: string) => frame.split('\n').find((line) => /^ +(init|\d+ more)( {2}|$)/.test(line)) ?? '';

function session(gated = true) {
  const scripted = scriptedInvokeJob([16, 64, 32], { gated });
  return { scripted, session: new InvokeTraceSession('functracer/lambda-c', 3, scripted.job, 128 * MIB) };
}

describe('the trace screen of an invoked function', () => {
  for (const [width, height] of [
    [80, 22],
    [60, 18],
  ] as const) {
    it(`marks init and each invocation as it begins, then lists the invocations, at ${width}×${height + 2}`, async () => {
      const { scripted, session: source } = session();
      const app = renderTrace(source, { width, height });
      source.start();
      const init = await waitForFrame(app.lastFrame, (f) => f.includes('init · 0 of 3 answered'));
      expect(labelRow(init)).toMatch(/^ +init$/);
      expectFits(init, width, height);
      for (const n of [1, 2, 3]) {
        scripted.next();
        const frame = await waitForFrame(app.lastFrame, (f) => f.includes(`invocation ${n} of 3 · ${n - 1} of 3 answered`));
        expect(labelRow(frame)).toMatch(new RegExp(`│${n}|${n}│`));
        // Every labelled invocation has its marker column on the plot above the axis.
        expect(frame.split('\n').filter((line) => line.includes('┤') && line.includes('│')).length).toBeGreaterThan(0);
        expect(frame).toMatch(new RegExp(`^ +${n} +(cold|warm) +in course`, 'm'));
        expectFits(frame, width, height);
      }
      scripted.next();
      const done = await waitForFrame(app.lastFrame, (f) => f.includes('finished · 3 of 3 answered'));
      expect(done).toContain('Report');
      expectFits(done, width, height);
      // The report is invoke's: Lambda's terms, a row per invocation; scrolled to its end, the files.
      expect(done).toMatch(/Function +functracer\/lambda-c, as lambda-c/);
      await press(app, 'G');
      const end = await waitForFrame(app.lastFrame, (f) => f.includes('functracer-invoke-responses.jsonl'));
      expectFits(end, width, height);
      await press(app, 'g');
      const top = await waitForFrame(app.lastFrame, (f) => f.includes('Function'));
      if (width === 80) expect(top).toMatch(/ 1 +cold +100\.00 ms +100 ms +16\.0 MiB +40\.00 ms +response/);
      expect(top).not.toContain('Tab');
      expect(top).not.toMatch(/m multi|h hull|p tune/);
    });
  }

  it('x stops it mid-invocation: the run is stopped, and the report says which ran and which was interrupted', async () => {
    const { scripted, session: source } = session();
    const app = renderTrace(source, { exits: { back: () => {} } });
    source.start();
    await waitForFrame(app.lastFrame, (f) => f.includes('init ·'));
    scripted.next();
    await waitForFrame(app.lastFrame, (f) => f.includes('invocation 1 of 3'));
    scripted.next();
    await waitForFrame(app.lastFrame, (f) => f.includes('invocation 2 of 3'));
    await press(app, 'x');
    const stopped = await waitForFrame(app.lastFrame, (f) => f.includes('stopped · 1 of 3 answered'));
    expect(scripted.lastSignal()?.aborted).toBe(true);
    expect(stopped).toMatch(/ 2 +warm .* interrupted/);
    expect(stopped).toContain('r rerun');
  });
});

describe('the App: Enter on a Lambda sample', () => {
  it('traces it with its example events, as invoke would, from its options', async () => {
    const engine = fakeEngine(() => scriptedJob(memshapeTrace()).job);
    const ui = render(<App shell={createShell(fakeServices(engine))} color={false} />);
    await waitForFrame(ui.lastFrame, (f) => f.includes('alpine'));
    await selectImage(ui, 'functracer/lambda-c');
    await press(ui, KEY.tab, KEY.tab);
    const options = await waitForFrame(ui.lastFrame, (f) => f.includes('Events'));
    expect(options).toMatch(/Events +\S*lambda-events\.jsonl/);
    expect(options).toContain('Invokes');
    expect(options).not.toContain('Volumes');
    await press(ui, KEY.tab, KEY.tab, KEY.enter);
    const done = await waitForFrame(ui.lastFrame, (f) => f.includes('functracer · trace') && f.includes('3 of 3 answered'));
    expect(done).toContain('functracer/lambda-c');
    // The network is picked where the engine is known: the bridge where it has one (see src/ops/api-network.ts).
    expect(engine.plans[0]!.spec.networkMode).toBe('auto');
    // Priced per invocation once the session has its figures, as cost --trace prices the trace it wrote.
    expect(done).toContain('c cost');
    await press(ui, 'c');
    const cost = await waitForFrame(ui.lastFrame, (f) => f.includes('functracer · cost') && f.includes('invocations'));
    expect(cost).toMatch(/3 invocations, 1 cold · 128 MB/);
    expect(cost).toMatch(/provider +MB +warm billed ms +cold billed ms +init billed +init adds +total/);
    await press(ui, KEY.escape);
    await waitForFrame(ui.lastFrame, (f) => f.includes('functracer · trace'));
    // Multi-run and tuning of invocations are not in the TUI yet: home says so rather than run it as a plain run.
    await press(ui, KEY.escape);
    await waitForFrame(ui.lastFrame, (f) => f.includes('functracer · images'));
    await press(ui, 'm');
    const refused = await waitForFrame(ui.lastFrame, (f) => f.includes('is a Lambda-style function'));
    expect(refused.replace(/\s+/g, ' ')).toContain('has no multi-run of them yet');
  });

  it("finds an engine image of the user's to be a Lambda function at Enter, and invokes it with the empty event", async () => {
    const image = { ref: 'acme/lambda-fn:1', sizeBytes: 8 * MIB, createdMs: Date.UTC(2025, 0, 1) };
    const engine = fakeEngine(() => scriptedJob(memshapeTrace()).job, { listImages: async () => [image] });
    const ui = render(<App shell={createShell(fakeServices(engine))} color={false} />);
    await waitForFrame(ui.lastFrame, (f) => f.includes('acme/lambda-fn:1'));
    await press(ui, '/', ...'acme', KEY.enter);
    await waitForFrame(ui.lastFrame, (f) => f.includes('› acme/lambda-fn:1'));
    await press(ui, KEY.enter);
    await waitForFrame(ui.lastFrame, (f) => f.includes('functracer · trace') && f.includes('1 of 1 answered'));
    expect(engine.plans).toHaveLength(1);
    expect(engine.plans[0]!.spec.image).toBe('acme/lambda-fn:1');
    await press(ui, KEY.escape);
    const home = await waitForFrame(ui.lastFrame, (f) => f.includes('functracer · images'));
    expect(home.replace(/\s+/g, ' ')).toContain('a Lambda-style function on this engine');
    await press(ui, KEY.tab, KEY.tab);
    expect(await waitForFrame(ui.lastFrame, (f) => f.includes('Events'))).toContain('Invokes');
  });
});
