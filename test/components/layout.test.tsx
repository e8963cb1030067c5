import { cleanup, render } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import { App } from '../../components/App.js';
import { createShell } from '../../src/app/screens/shell/shell.js';
import { CostScreen } from '../../components/screens/CostScreen.js';
import { HullScreen } from '../../components/screens/HullScreen.js';
import { MultiRunScreen } from '../../components/screens/MultiRunScreen.js';
import { TuneScreen } from '../../components/screens/TuneScreen.js';
import { HullSession } from '../../src/app/hull-session.js';
import { createHull } from '../../src/app/screens/hull/actions.js';
import { MultiRunSession } from '../../src/app/multi-session.js';
import { createMultiRun } from '../../src/app/screens/multi/actions.js';
import { MESSAGE_ROWS } from '../../src/app/present/message-lines.js';
import { providerModels } from '../../src/app/screen-pricing.js';
import { planRun } from '../../src/app/run-form.js';
import { errorText, screenError } from '../../src/app/screen-error.js';
import type { SettingsStore } from '../../src/app/settings.js';
import { createCost, type CostModel } from '../../src/app/screens/cost/actions.js';
import { recordedSource } from '../../src/app/trace-session.js';
import { TuneSession } from '../../src/app/tune-session.js';
import { createTune } from '../../src/app/screens/tune/actions.js';
import { UserError } from '../../src/core/errors.js';
import { wrapWords } from '../../src/core/text-width.js';
import { fakeEngine, fakeServices, memshapeTrace, NO_ENGINE, scriptedJob, tempSettings } from './support/fakes.js';
import { scriptedHullJobs, scriptedMultiJob, scriptedTuneJob } from './support/jobs.js';
import { KEY, press, waitForFrame } from './support/keys.js';
import { renderTrace } from './support/trace.js';

afterEach(() => cleanup());

/**
 * Issue 28: an error of two lines overdrew the rows above it (the settings form's last row, a pane's title, the
 * selected image). Every screen keeps rows for its messages; an error of one, two or three lines is drawn there and
 * leaves every row above it as it was.
 */

interface Terminal {
  columns: number;
  rows: number;
}
const TERMINALS: Terminal[] = [
  { columns: 80, rows: 24 },
  { columns: 60, rows: 20 },
];
/** What the App gives a screen: the terminal less the header and the row Ink needs to redraw in place. */
const screenHeight = (terminal: Terminal) => terminal.rows - 2;

/** The cost screen alone, as large as the terminal leaves it under the header. */
const costScreen = (terminal: Terminal, model: CostModel) => (
  <CostScreen
    width={terminal.columns}
    height={screenHeight(terminal)}
    color={false}
    active
    onQuit={() => {}}
    onHelp={() => {}}
    standalone
    model={model}
  />
);

/** An error whose text wraps to exactly `lines` rows at `width`, tagged so the frame that shows it can be told. */
function errorOfLines(lines: number, width: number, tag: string): UserError {
  for (let words = 0; words < 100; words++) {
    const error = new UserError(`${tag} went wrong`, ['do', ...Array<string>(words).fill('this')].join(' '));
    const wrapped = wrapWords(errorText(screenError(error)), width).length;
    if (wrapped === lines) return error;
    if (wrapped > lines) break;
  }
  throw new Error(`no error wraps to ${lines} lines at ${width} columns`);
}

interface Mounted {
  app: ReturnType<typeof render>;
  /** Rows of the frame above the message rows. */
  top: (frame: string[]) => number;
  /** Brings the screen to where the error will show, and says when it is there. */
  ready: () => Promise<void>;
  /** The key that meets the fault. */
  trigger: () => Promise<void>;
}

type Fault = { error?: UserError };
const failing = (fault: Fault) => () => Promise.reject(fault.error!);
const aboveMessages = (height: number) => () => height - 1 - MESSAGE_ROWS;

const SCREENS: Record<string, (terminal: Terminal, fault: Fault) => Mounted> = {
  // The App itself, with its header: a recorded trace that cannot be read, as the App reports on home.
  home: (terminal, fault) => {
    const engine = fakeEngine(() => scriptedJob(memshapeTrace()).job);
    const app = render(<App shell={createShell(fakeServices(engine, { openTraceFile: failing(fault) }))} color={false} />);
    Object.defineProperty(app.stdout, 'columns', { value: terminal.columns });
    Object.defineProperty(app.stdout, 'rows', { value: terminal.rows });
    app.stdout.emit('resize');
    return {
      app,
      top: () => 1 + aboveMessages(screenHeight(terminal))(),
      ready: async () => {
        // The engine's own image is listed (at 60×20 below the samples, out of sight), the inputs and the traces read.
        await waitForFrame(app.lastFrame, (f) => f.includes('Images (8)') && f.includes('sample-5mb.jpg') && f.includes('01-01 00:00'));
        await press(app, KEY.tab, KEY.tab, KEY.tab);
        await waitForFrame(app.lastFrame, (f) => f.includes('Enter open'));
      },
      trigger: () => press(app, KEY.enter),
    };
  },
  cost: (terminal, fault) => {
    const store = tempSettings();
    const source = recordedSource('memshape-rawresults.csv', memshapeTrace(), 1000, '/fake/memshape-rawresults.csv');
    // The settings as the App's services hold them, refusing to save once the fault is set.
    const settings: SettingsStore = {
      path: store.path,
      get: () => store.get(),
      subscribe: (listener) => store.subscribe(listener),
      set(key, value) {
        if (fault.error) throw fault.error;
        return store.set(key, value);
      },
    };
    const model = createCost({ settings, checkOutDir: () => undefined }, source);
    const app = render(costScreen(terminal, model));
    return {
      app,
      top: aboveMessages(screenHeight(terminal)),
      ready: async () => {
        await waitForFrame(app.lastFrame, (f) => f.includes('aws-lambda-x86'));
        // The free tier: Enter changes it at once, and the change is refused.
        await press(app, KEY.tab, 'j', 'j');
        await waitForFrame(app.lastFrame, (f) => /› Free tier/.test(f));
      },
      trigger: () => press(app, KEY.enter),
    };
  },
  trace: (terminal, fault) => {
    const source = recordedSource('memshape-rawresults.csv', memshapeTrace(), 1000, '/fake/memshape-rawresults.csv');
    const app = renderTrace(source, {
      exporter: { cwd: '/fake', exportPlot: failing(fault) },
      width: terminal.columns,
      height: screenHeight(terminal),
    });
    return {
      app,
      // On the trace screen the pane under the chart holds messages: the chart and the lines over it stay.
      top: (frame) => frame.findIndex((line) => line.startsWith('recent 2 s')) + 1,
      ready: async () => void (await waitForFrame(app.lastFrame, (f) => f.includes('Max memory usage') && f.includes('e export'))),
      trigger: () => press(app, 'e'),
    };
  },
  multi: (terminal, fault) => {
    const scripted = scriptedMultiJob((i) => memshapeTrace(200 + 20 * i, 100), { batch: 50 });
    const session = new MultiRunSession('functracer/memshape 0:100 64:300', scripted.job);
    const services = fakeServices(NO_ENGINE, { cwd: '/fake', exportPlot: failing(fault) });
    const model = createMultiRun(session, services, { openRun: () => {}, back: () => {} });
    const app = render(
      <MultiRunScreen
        model={model}
        standalone
        width={terminal.columns}
        height={screenHeight(terminal)}
        color={false}
        active
        onQuit={() => {}}
        onHelp={() => {}}
      />,
    );
    return {
      app,
      top: aboveMessages(screenHeight(terminal)),
      ready: async () => {
        await waitForFrame(app.lastFrame, (f) => f.includes('N = ‹ 5 ›'));
        await press(app, '2', KEY.enter);
        await waitForFrame(
          app.lastFrame,
          (f) => f.includes('finished') && f.includes('statistics over 2 runs') && f.includes('e export'),
          10_000,
        );
      },
      trigger: () => press(app, 'e'),
    };
  },
  hull: (terminal, fault) => {
    const session = new HullSession(scriptedHullJobs({ ms: 200 }));
    const model = createHull(session, fakeServices(NO_ENGINE, { saveHull: failing(fault) }), { back: () => {} });
    const app = render(
      <HullScreen
        model={model}
        standalone
        width={terminal.columns}
        height={screenHeight(terminal)}
        color={false}
        active
        onQuit={() => {}}
        onHelp={() => {}}
      />,
    );
    return {
      app,
      top: aboveMessages(screenHeight(terminal)),
      ready: async () => {
        await waitForFrame(app.lastFrame, (f) => f.includes('sample-5mb'));
        await press(app, 't');
        // Every redraw done: the summary of all ten runs (throttled), and no run going (read from the session).
        await waitForFrame(
          app.lastFrame,
          (f) => f.includes('·  trained') && f.includes('hull over 10 runs') && f.includes('s save') && !f.includes('x stop'),
          20_000,
        );
      },
      trigger: () => press(app, 's'),
    };
  },
  tune: (terminal, fault) => {
    const plan = planRun('functracer/memshape', { volumes: '', scratchFrom: '', memory: '', args: '0:50' }, undefined, '/fake', {});
    const session = new TuneSession(plan.title, scriptedTuneJob(plan, { everyMs: 1 }));
    const services = { cwd: '/fake', exportTunePlot: failing(fault), settings: tempSettings(), providerModels };
    const app = render(
      <TuneScreen
        model={createTune(services, session, { openSize: () => {}, back: () => {} })}
        standalone
        width={terminal.columns}
        height={screenHeight(terminal)}
        color={false}
        active
        onQuit={() => {}}
        onHelp={() => {}}
      />,
    );
    return {
      app,
      top: aboveMessages(screenHeight(terminal)),
      ready: async () => {
        await waitForFrame(app.lastFrame, (f) => f.includes('Provider'));
        await press(app, 't');
        // Every redraw done: the status (throttled) and the keys (read from the session) both say it ended.
        await waitForFrame(app.lastFrame, (f) => f.includes('·  finished') && f.includes('e export') && !f.includes('x stop'), 30_000);
      },
      trigger: () => press(app, 'e'),
    };
  },
};

describe('an error never moves or overdraws the rows above the message rows', () => {
  for (const terminal of TERMINALS) {
    for (const [name, mount] of Object.entries(SCREENS)) {
      it(`${name} at ${terminal.columns}×${terminal.rows}, errors of 1, 2 and 3 lines`, async () => {
        for (const lines of [1, 2, 3]) {
          const fault: Fault = {};
          const screen = mount(terminal, fault);
          await screen.ready();
          const before = screen.app.lastFrame()!.split('\n');
          fault.error = errorOfLines(lines, terminal.columns, `fault${lines}`);
          await screen.trigger();
          const after = (await waitForFrame(screen.app.lastFrame, (f) => f.includes(`✘ fault${lines} went wrong`))).split('\n');
          const top = screen.top(before);
          expect(top, `${name}: the message rows`).toBeGreaterThan(3);
          expect(after.slice(0, top), `${name}, ${lines} lines: the rows above the message`).toEqual(before.slice(0, top));
          // The error is there whole, in the rows under them, and the frame is as tall as before: nothing pushed off.
          expect(after.slice(top, top + lines)).toEqual(wrapWords(errorText(screenError(fault.error)), terminal.columns));
          expect(after.length).toBe(before.length);
          for (const line of after) expect([...line].length).toBeLessThanOrEqual(terminal.columns);
          screen.app.unmount();
        }
      }, 60_000);
    }
  }
});

describe('a longer error takes rows from the pane above it, as many as the screen can spare', () => {
  for (const terminal of TERMINALS) {
    for (const [name, mount] of Object.entries(SCREENS)) {
      it(`${name} at ${terminal.columns}×${terminal.rows}, an error of 5 lines`, async () => {
        const fault: Fault = {};
        const screen = mount(terminal, fault);
        await screen.ready();
        const before = screen.app.lastFrame()!.split('\n');
        fault.error = errorOfLines(5, terminal.columns, 'fault5');
        await screen.trigger();
        const after = (await waitForFrame(screen.app.lastFrame, (f) => f.includes('✘ fault5 went wrong'))).split('\n');
        const wrapped = wrapWords(errorText(screenError(fault.error)), terminal.columns);
        const at = after.findIndex((line) => line.startsWith('✘ fault5'));
        const shown = after.slice(at, after.length - 1);
        // Whole where the screen can spare five rows; shortened on its last row where it cannot (the cost screen at 60×20).
        expect(shown.length).toBeGreaterThanOrEqual(MESSAGE_ROWS);
        if (shown.length >= 5) expect(shown.slice(0, 5)).toEqual(wrapped);
        else {
          expect(shown.at(-1)).toMatch(/…$/);
          expect(wrapped.join('\n').startsWith(shown.join('\n').slice(0, -1))).toBe(true);
        }
        // Nothing pushed off: the frame is as tall, its first rows and the status bar as they were.
        expect(after.length).toBe(before.length);
        expect(after.slice(0, 2)).toEqual(before.slice(0, 2));
        expect(after.at(-1)).toBe(before.at(-1));
        screen.app.unmount();
      }, 60_000);
    }
  }
});

describe("the cost screen's settings form keeps its rows when a value is refused (the reported case)", () => {
  for (const terminal of TERMINALS) {
    for (const [field, down] of [
      ['Requests per month', 1],
      ['Sampling interval (ms)', 3],
    ] as const) {
      it(`${field} 0, Enter, at ${terminal.columns}×${terminal.rows}`, async () => {
        const store = tempSettings();
        const app = render(costScreen(terminal, createCost({ settings: store, checkOutDir: () => undefined })));
        await waitForFrame(app.lastFrame, (f) => f.includes('Output folder'));
        await press(app, ...Array<string>(down).fill('j'), KEY.enter);
        await waitForFrame(app.lastFrame, (f) => f.includes('Enter saves'));
        await press(app, ...Array<string>(12).fill(KEY.backspace), '0');
        const before = (await waitForFrame(app.lastFrame, (f) => f.includes(`${field.padEnd(24)}0▏`))).split('\n');
        await press(app, KEY.enter);
        const after = (await waitForFrame(app.lastFrame, (f) => f.includes(`✘ ${field} got "0"`))).split('\n');
        const top = aboveMessages(screenHeight(terminal))();
        expect(after.slice(0, top)).toEqual(before.slice(0, top));
        expect(after.join('\n')).toContain('Providers');
        expect(after.join('\n')).toMatch(/Output folder +traces/);
        expect(after.length).toBe(before.length);
      });
    }
  }
});
