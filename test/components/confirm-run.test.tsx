import path from 'node:path';
import { cleanup, render } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import { App } from '../../components/App.js';
import { createShell } from '../../src/app/screens/shell/shell.js';
import { ConfirmRun } from '../../components/ConfirmRun.js';
import type { RunPlan } from '../../src/core/run-plan.js';
import { confirmationOf, type RunOffer } from '../../src/app/run-offer.js';
import { recordedSource } from '../../src/app/trace-session.js';
import { fakeEngine, fakeServices, memshapeTrace, scriptedJob } from './support/fakes.js';
import { KEY, press, waitForFrame } from './support/keys.js';

afterEach(() => cleanup());

const PLAN: RunPlan = {
  title: 'functracer/hello -c id',
  spec: { image: 'functracer/hello', args: ['-c', 'id'], env: [], binds: [], networkMode: 'host', entrypoint: ['/bin/sh'] },
};
const ASKS = [
  "the host's network (it reaches every service on this machine)",
  'the entrypoint "/bin/sh", not the image\'s own',
  'to mount /srv/shared/data at /data: it lies in /srv/shared, which others may change',
];
const ASKING: RunOffer = { plan: PLAN, asks: ASKS, record: 'functracer-20260101-000000-1-1-run.json' };
const REFUSED: RunOffer = {
  refused: {
    message: "functracer will not run functracer-20260101-000000-1-1-run.json again: it mounts /, which is the host's whole file system",
    hint: 'A record is run again only as functracer would make it; run the image with functracer run instead',
    bug: false,
  },
};

describe('the confirmation of a run a record asks for', () => {
  it('lists exactly what the record asks for, whole, with No chosen, in 80 columns', () => {
    const ui = render(<ConfirmRun state={confirmationOf(ASKING, 'multi-run')!} width={80} height={22} color={false} />);
    const frame = ui.lastFrame()!;
    expect(frame).toContain('Run a recorded run again? (multi-run)');
    const text = frame.replace(/[║╔╗╚╝═]/g, '').replace(/\s+/g, ' ');
    expect(text).toContain('functracer-20260101-000000-1-1-run.json asks to run functracer/hello -c id with:');
    for (const ask of ASKS) expect(text).toContain(`• ${ask}`);
    expect(frame).toContain('[ No ]');
    expect(frame).not.toContain('[ Yes ]');
    expect(frame).toContain('y runs it · n or Esc cancels');
    for (const line of frame.split('\n')) expect([...line].length).toBeLessThanOrEqual(80);
    expect(frame.split('\n')).toHaveLength(22);
  });

  it('says why a refused record is not run, and offers only to close', () => {
    const ui = render(<ConfirmRun state={confirmationOf(REFUSED, 'hull training')!} width={60} height={18} color={false} />);
    const frame = ui.lastFrame()!;
    expect(frame).toContain('No hull training: this record is not run again');
    expect(frame.replace(/[║\s]+/g, ' ')).toContain("it mounts /, which is the host's whole file system. Try: A record is run again");
    expect(frame).not.toContain('No ]');
    expect(frame).toContain('Enter or Esc closes');
    for (const line of frame.split('\n')) expect([...line].length).toBeLessThanOrEqual(60);
  });

  it('shows control characters in a record as �, never as terminal commands', () => {
    const sneaky: RunOffer = { plan: { ...PLAN, title: 'functracer/hello \x1b[2J' }, asks: ['to run as user "x"'] };
    const frame = render(<ConfirmRun state={confirmationOf(sneaky, 'multi-run')!} width={80} height={22} color={false} />).lastFrame()!;
    expect(frame).not.toContain('\x1b[2J');
    expect(frame).toContain('functracer/hello �[2J');
  });
});

describe('App: m, h and p on a recorded trace', () => {
  function app(offer: RunOffer) {
    const engine = fakeEngine(() => scriptedJob(memshapeTrace(600, 300), { batch: 50, everyMs: 2 }).job);
    const services = fakeServices(engine, {
      openTraceFile: async (file) => ({ source: recordedSource(path.basename(file), memshapeTrace(), 1000, file), offer }),
    });
    return { ...render(<App shell={createShell(services)} color={false} />), engine };
  }

  async function openRecorded(ui: ReturnType<typeof app>) {
    await waitForFrame(ui.lastFrame, (f) => f.includes('alpine') && f.includes('engine: ready'));
    await press(ui, KEY.tab, KEY.tab, KEY.tab, KEY.enter);
    await waitForFrame(ui.lastFrame, (f) => f.includes('functracer · trace') && f.includes('m multi'));
  }

  it('asks first, with No chosen: Enter, n and Esc start nothing; y opens the screen for the plan made from the record', async () => {
    const ui = app(ASKING);
    await openRecorded(ui);
    for (const [key, no] of [
      ['m', KEY.enter],
      ['h', 'n'],
      ['p', KEY.escape],
    ] as const) {
      await press(ui, key);
      await waitForFrame(ui.lastFrame, (f) => f.includes('Run a recorded run again?') && f.includes('[ No ]'));
      await press(ui, no);
      await waitForFrame(ui.lastFrame, (f) => f.includes('functracer · trace') && !f.includes('Run a recorded run again?'));
    }
    expect(ui.engine.plans).toEqual([]);
    // → then Enter is a Yes.
    await press(ui, 'm');
    await waitForFrame(ui.lastFrame, (f) => f.includes('[ No ]'));
    await press(ui, KEY.right);
    await waitForFrame(ui.lastFrame, (f) => f.includes('[ Yes ]'));
    await press(ui, KEY.enter);
    await waitForFrame(ui.lastFrame, (f) => f.includes('functracer · multi-run') && f.includes('runs of functracer/hello -c id'));
    expect(ui.engine.plans).toEqual([PLAN]);
    await press(ui, KEY.escape);
    await waitForFrame(ui.lastFrame, (f) => f.includes('functracer · trace'));
    await press(ui, 'p', 'y');
    await waitForFrame(ui.lastFrame, (f) => f.includes('functracer · tune'));
    expect(ui.engine.plans).toEqual([PLAN, PLAN]);
  });

  it('a refused record opens nothing on m, h or p: each says why, and Esc or Enter closes it', async () => {
    const ui = app(REFUSED);
    await openRecorded(ui);
    const ACTIONS: Record<string, string> = { m: 'multi-run', h: 'hull training', p: 'power tuning' };
    for (const key of ['m', 'h', 'p']) {
      await press(ui, key);
      await waitForFrame(ui.lastFrame, (f) => f.includes(`No ${ACTIONS[key]}: this record is not run again`) && f.includes('mounts /,'));
      // y is no answer here: only closing is.
      await press(ui, 'y');
      expect(ui.lastFrame()).toContain('this record is not run again');
      await press(ui, key === 'h' ? KEY.enter : KEY.escape);
      await waitForFrame(ui.lastFrame, (f) => f.includes('functracer · trace') && !f.includes('not run again'));
    }
    expect(ui.engine.plans).toEqual([]);
  });

  it('q quits from the confirmation, running nothing', async () => {
    const ui = app(ASKING);
    await openRecorded(ui);
    await press(ui, 'm');
    await waitForFrame(ui.lastFrame, (f) => f.includes('[ No ]'));
    await press(ui, 'q');
    // Were the confirmation still open, y would run the plan now, in the frame press waits for.
    await press(ui, 'y');
    expect(ui.engine.plans).toEqual([]);
    expect(ui.lastFrame()).not.toContain('functracer · multi-run');
  });

  it("a plan of this session runs at once, as before: m on a live trace's report asks nothing", async () => {
    const ui = app(ASKING);
    await waitForFrame(ui.lastFrame, (f) => f.includes('alpine'));
    for (let i = 0; i < 10 && !ui.lastFrame()!.includes('› functracer/memshape'); i++) await press(ui, 'j');
    await press(ui, KEY.enter);
    await waitForFrame(ui.lastFrame, (f) => f.includes('Max memory usage') && f.includes('m multi'));
    await press(ui, 'm');
    await waitForFrame(ui.lastFrame, (f) => f.includes('functracer · multi-run'));
    expect(ui.lastFrame()).not.toContain('Run a recorded run again?');
  });
});
