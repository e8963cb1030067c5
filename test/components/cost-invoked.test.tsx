import fs from 'node:fs';
import path from 'node:path';
import { cleanup, render } from 'ink-testing-library';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { App } from '../../components/App.js';
import { CostScreen } from '../../components/screens/CostScreen.js';
import { createShell } from '../../src/app/screens/shell/shell.js';
import { openTraceFile } from '../../src/app/file-service.js';
import { jsonLine } from '../../src/core/json.js';
import { createCost, type CostModel } from '../../src/app/screens/cost/actions.js';
import { invokedTableWidth } from '../../src/app/screens/cost/invoked.js';
import { costView } from '../../src/app/screens/cost/view-model.js';
import type { SettingsStore } from '../../src/app/settings.js';
import { CLI, runCli } from '../support/cli.js';
import { fakeEngine, fakeServices, memshapeTrace, scriptedJob, tempSettings } from './support/fakes.js';
import { CHROME, KEY, press, waitForFrame } from './support/keys.js';

const FIXTURE = path.resolve(import.meta.dirname, '../fixtures/traces/invoked-rawresults.csv');
const SIZE = { width: CHROME.width, height: CHROME.height };

afterEach(() => cleanup());

beforeAll(() => {
  if (!fs.existsSync(CLI)) throw new Error(`${CLI} is missing: run npm run build first (npm test does)`);
});

async function invokedModel(store: SettingsStore): Promise<CostModel> {
  const { source } = await openTraceFile(FIXTURE);
  return createCost({ settings: store, checkOutDir: () => undefined }, source);
}

/** `cost --trace` on the same file, as a user runs it, its text at `columns`. */
async function cliText(columns: number, ...flags: string[]): Promise<string[]> {
  const { code, stdout, stderr } = await runCli(['cost', '--trace', FIXTURE, ...flags], { env: { COLUMNS: String(columns) } });
  expect(code, stderr).toBe(0);
  return stdout.trimEnd().split('\n');
}

async function cliPrices(...flags: string[]): Promise<unknown> {
  const { code, stdout, stderr } = await runCli(['cost', '--trace', FIXTURE, '--json', ...flags]);
  expect(code, stderr).toBe(0);
  return (JSON.parse(stdout) as { prices: unknown }).prices;
}

/** The screen's prices as `--json` prints them (without float noise such as 0.30000000000000004). */
function screenPrices(model: CostModel): unknown {
  const invoked = model.store.getState().invoked;
  if (!invoked || !('prices' in invoked)) throw new Error(`not priced per invocation: ${JSON.stringify(invoked)}`);
  return (JSON.parse(jsonLine(invoked)) as { prices: unknown }).prices;
}

/** What the pane draws, without the list's ✓ marks: the text `cost --trace` prints at the table's width. */
function screenText(model: CostModel): string[] {
  const table = costView(model.store.getState(), SIZE).table!;
  return [...table.facts, table.header.slice(3), ...table.lines.map((line) => line.slice(1))].map((line) => line.trimEnd());
}

describe("the cost screen on an invoked function's trace", () => {
  it("prices its invocations as cost --trace does: the same figures, and the same text at the table's width", async () => {
    const store = tempSettings();
    const model = await invokedModel(store);
    expect(screenPrices(model)).toEqual(await cliPrices());
    // Never as one long run: the run's table is empty, and the screen names the invocations priced.
    expect(model.store.getState().entries).toEqual([]);
    const text = screenText(model);
    const cli = await cliText(invokedTableWidth(SIZE.width));
    expect(text.slice(0, cli.length)).toEqual(cli);
    // What the settings cannot set is said on screen.
    expect(text.slice(cli.length).join(' ').replace(/ +/g, ' ')).toMatch(
      /cold share, the date and the package type are cost --trace's defaults/,
    );

    // The settings that apply feed the same pricing: the free tier and the requests.
    store.set('freeTier', true);
    store.set('requestsPerMonth', 5000);
    const stop = model.store.subscribe(() => undefined);
    expect(screenPrices(model)).toEqual(await cliPrices('--free-tier', '--requests', '5000'));
    const free = await cliText(invokedTableWidth(SIZE.width), '--free-tier', '--requests', '5000');
    expect(free[0]).toContain('Cost of 5,000 invocations');
    expect(screenText(model).slice(0, free.length)).toEqual(free);
    stop();
  });

  it('draws at 80×24 with the chosen provider ticked; Enter picks a row, and does nothing on a note', async () => {
    const store = tempSettings();
    const model = await invokedModel(store);
    const app = render(<CostScreen {...CHROME} standalone model={model} />);
    const frame = await waitForFrame(app.lastFrame, (f) => f.includes('Cost of 1,000,000 invocations'));
    for (const line of frame.split('\n')) expect([...line].length).toBeLessThanOrEqual(80);
    expect(frame.split('\n').length).toBeLessThanOrEqual(22);
    expect(frame).toContain('invoked-rawresults.csv  ·  3 invocations, 1 cold · 256 MB');
    expect(frame).toMatch(/provider +MB .* init +\+init +total/);
    expect(frame).toMatch(/› ✓aws-lambda-x86 +256 /);
    await press(app, 'g');
    const top = await waitForFrame(app.lastFrame, (f) => /› [ ✓][a-z]/.test(f) && !/› ✓aws-lambda-x86/.test(f));
    const first = /› [ ✓]([a-z0-9-]+)/.exec(top)![1]!;
    await press(app, KEY.enter);
    await waitForFrame(
      () => store.get().provider,
      (provider) => provider === first,
    );
    await waitForFrame(app.lastFrame, (f) => new RegExp(`› ✓${first} `).test(f));
    // The end of the list is the answer and the note on the defaults: Enter there picks nothing.
    await press(app, 'G');
    const end = await waitForFrame(app.lastFrame, (f) => f.includes('--package-type'));
    expect(end).not.toMatch(/Enter +choose/);
    await press(app, KEY.enter);
    expect(store.get().provider).toBe(first);
  });
});

describe('the recorded trace of an invoked function, opened from home', () => {
  it('offers c to price it per invocation, and no m, h or p: the TUI makes no multi-run, hull or tuning of one', async () => {
    const engine = fakeEngine(() => scriptedJob(memshapeTrace()).job);
    const file = { name: path.basename(FIXTURE), path: FIXTURE, bytes: fs.statSync(FIXTURE).size, modifiedMs: 0 };
    const services = fakeServices(engine, { listTraceFiles: async () => [file], openTraceFile: (f) => openTraceFile(f) });
    const ui = render(<App shell={createShell(services)} color={false} />);
    await waitForFrame(ui.lastFrame, (f) => f.includes('Recorded traces (1)'));
    await press(ui, KEY.tab, KEY.tab, KEY.tab);
    await waitForFrame(ui.lastFrame, (f) => f.includes('d delete'));
    await press(ui, KEY.enter);
    const trace = await waitForFrame(ui.lastFrame, (f) => f.includes('functracer · trace') && f.includes('c cost'));
    expect(trace).not.toMatch(/m multi|h hull|p tune/);
    await press(ui, 'c');
    await waitForFrame(ui.lastFrame, (f) => f.includes('3 invocations, 1 cold · 256 MB'));
  });
});
