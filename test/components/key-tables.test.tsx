import { cleanup, render } from 'ink-testing-library';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { App } from '../../components/App.js';
import { createShell } from '../../src/app/screens/shell/shell.js';
import fs from 'node:fs';
import path from 'node:path';
import { barHints, helpEntries, helpLine, type HelpEntry } from '../../src/app/key-bindings.js';
import { HOME_KEYS } from '../../src/app/screens/home/keys.js';
import { COST_KEYS } from '../../src/app/screens/cost/keys.js';
import { TRACE_KEYS } from '../../src/app/screens/trace/keys.js';
import { HULL_KEYS } from '../../src/app/screens/hull/keys.js';
import { MULTI_KEYS } from '../../src/app/screens/multi/keys.js';
import { tableWords } from '../../src/app/screens/key-table.js';
import { SHELL_KEYS } from '../../src/app/screens/shell/keys.js';
import { TUNE_KEYS } from '../../src/app/screens/tune/keys.js';
import { helpTable } from '../../src/app/screens/shell/view-model.js';
import { keyBar } from '../../src/app/present/key-bar.js';
import { TraceSession } from '../../src/app/trace-session.js';
import { fakeEngine, fakeServices, memshapeTrace, scriptedJob } from './support/fakes.js';
import { scriptedHullJobs } from './support/jobs.js';
import { KEY, press, selectImage, waitForFrame, waitUntil } from './support/keys.js';
import { renderTrace } from './support/trace.js';

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

function app() {
  const hull = scriptedHullJobs({ ms: 5000, everyMs: 5 });
  const engine = fakeEngine(() => scriptedJob(memshapeTrace(600, 300), { batch: 50, everyMs: 2 }).job, { hullJobs: () => hull });
  const shell = createShell(fakeServices(engine));
  const ui = render(<App shell={shell} color={false} />);
  // ink-testing-library's terminal is 100 columns: at 80 the bar has to drop hints, the case that lost keys.
  Object.defineProperty(ui.stdout, 'columns', { value: 80, configurable: true });
  ui.stdout.emit('resize');
  return { ...ui, shell };
}
type Ui = ReturnType<typeof app>;

/** The README's key table, screen by screen, in the order the screens are visited; the same entries help shows. */
const README_SCREENS = ['Everywhere', 'Images', 'Live trace', 'Multi-run', 'Cost', 'Hull training', 'Power tuning'] as const;
type ReadmeScreen = (typeof README_SCREENS)[number];
// Every screen is a model: its tables are data, read here without drawing anything.
const TABLES: Record<ReadmeScreen, HelpEntry[]> = {
  Everywhere: helpEntries(tableWords(SHELL_KEYS)),
  Images: helpEntries(tableWords(HOME_KEYS)),
  Cost: helpEntries(tableWords(COST_KEYS)),
  'Live trace': helpEntries(tableWords(TRACE_KEYS)),
  'Power tuning': helpEntries(tableWords(TUNE_KEYS)),
  'Hull training': helpEntries(tableWords(HULL_KEYS)),
  'Multi-run': helpEntries(tableWords(MULTI_KEYS)),
};
const README = path.resolve(import.meta.dirname, '../../README.md');
const START = "<!-- keys:start: made from the screens' key tables by `npm run readme:keys`; edit the tables, not this -->";
const END = '<!-- keys:end -->';
function readmeKeys(): string {
  const rows = README_SCREENS.flatMap((screen) =>
    TABLES[screen].map((e, i) => `| ${i === 0 ? screen : ''} | \`${e.keys.replace(/ /g, '` `')}\` | ${e.action} |`),
  );
  return [START, '', '| screen | keys | what they do |', '|---|---|---|', ...rows, '', END].join('\n');
}

/**
 * Every key that works now is in the bar, or the bar says `? more`: it tightens first, and says so when a key
 * still does not fit (issue 28: `s sort` went missing at 80 columns with a filter, `/` and `s` at 60).
 */
function expectEveryKey(bar: string, bindings: Parameters<typeof barHints>[0]): void {
  const words = bar.trim().split(/ +/);
  const missing = barHints(bindings).filter((hint) => !words.includes(hint.key));
  if (missing.length > 0) expect({ bar, missing, more: bar.includes('? more') }).toEqual({ bar, missing, more: true });
}

/** A line of the help overlay, as HelpOverlay lays it out. */
const entry = (keys: string, action: string) => helpLine({ keys, action });

/**
 * The screen on top draws its status bar from its key table, and help lists that same table, every entry
 * whole at 80 × 24. Returns the help.
 */
async function sameTable(ui: Ui): Promise<string> {
  const table = helpTable(ui.shell)!;
  const all = [...table.own, ...table.shared];
  const bar = ui.lastFrame()!.split('\n').at(-1)!;
  expect(bar.trimEnd()).toBe(keyBar(barHints(all), 80).trimEnd());
  expectEveryKey(bar, all);
  await press(ui, '?');
  const help = await waitForFrame(ui.lastFrame, (f) => f.includes('Help · '));
  for (const item of [...helpEntries(table.own), ...helpEntries(table.shared)]) expect(help).toContain(entry(item.keys, item.action));
  // Every key the bar offers is in the help, with what it does.
  for (const binding of all.filter((b) => b.label && (b.when?.() ?? true))) expect(help).toContain(binding.help);
  await press(ui, '?');
  await waitForFrame(ui.lastFrame, (f) => !f.includes('Help · '));
  return help;
}

describe('each screen has one key table: the keys it handles, its status bar and its help', () => {
  it('home, trace, multi-run and cost', async () => {
    const ui = app();
    await waitForFrame(ui.lastFrame, (f) => f.includes('alpine') && f.includes('engine: ready'));
    const home = await sameTable(ui);
    // g worked on home but was in no help.
    expect(home).toContain(entry('Home g End G', 'to the top or the end of the pane'));
    await press(ui, 'j', 'j', 'g');
    await waitForFrame(ui.lastFrame, (f) => f.includes('› functracer/compress'));

    await selectImage(ui, 'functracer/memshape');
    await press(ui, KEY.enter);
    await waitForFrame(ui.lastFrame, (f) => f.includes('Max memory usage') && f.includes('m multi'));
    const trace = await sameTable(ui);
    // Paging the report worked but was in no help; its ends had no keys at all.
    expect(trace).toContain(entry('↑ ↓ j k PgUp PgDn space Ctrl-U Ctrl-D', 'scroll the report'));
    expect(trace).toContain(entry('Home g End G', 'to the top or the end of the report'));

    await press(ui, 'm');
    await waitForFrame(ui.lastFrame, (f) => f.includes('functracer · multi-run') && f.includes('N = ‹ 5 ›'));
    const multi = await sameTable(ui);
    // + and - worked but were in no help.
    expect(multi).toContain(entry('← → - + 0-9', 'choose N before starting'));
    await press(ui, '+', '+', '-');
    await waitForFrame(ui.lastFrame, (f) => f.includes('N = ‹ 6 ›'));

    await press(ui, '2', KEY.enter);
    await waitForFrame(ui.lastFrame, (f) => f.includes('statistics over 2 runs'));
    await sameTable(ui);
    await press(ui, KEY.escape);
    await waitForFrame(ui.lastFrame, (f) => f.includes('functracer · trace'));
    await press(ui, 'c');
    await waitForFrame(ui.lastFrame, (f) => f.includes('functracer · cost') && f.includes('aws-lambda-x86'));
    await sameTable(ui);
  });

  it('home at 80 columns with a filter, and at 60×20: each key that works is in the bar, or the bar says ? more', async () => {
    const ui = app();
    await waitForFrame(ui.lastFrame, (f) => f.includes('alpine') && f.includes('engine: ready'));
    await press(ui, '/', 'm', 'e', 'm', KEY.enter);
    const filtered = await waitForFrame(ui.lastFrame, (f) => f.includes('Images (1)') && f.includes('Esc clear'));
    const table = () => [...helpTable(ui.shell)!.own, ...helpTable(ui.shell)!.shared];
    const bar80 = filtered.split('\n').at(-1)!;
    expect(bar80).toContain('s sort');
    expectEveryKey(bar80, table());
    Object.defineProperty(ui.stdout, 'columns', { value: 60 });
    Object.defineProperty(ui.stdout, 'rows', { value: 20 });
    ui.stdout.emit('resize');
    const narrow = await waitForFrame(ui.lastFrame, (f) => f.split('\n').every((line) => [...line].length <= 60));
    const bar60 = narrow.split('\n').at(-1)!;
    expect(bar60).toContain('? more');
    expectEveryKey(bar60, table());
  });

  it('hull training', async () => {
    const ui = app();
    await waitForFrame(ui.lastFrame, (f) => f.includes('alpine'));
    await press(ui, 'h');
    await waitForFrame(ui.lastFrame, (f) => f.includes('functracer · hull') && f.includes('sample-5mb'));
    await sameTable(ui);
  });

  it('power tuning: the form, then the report', async () => {
    const ui = app();
    await waitForFrame(ui.lastFrame, (f) => f.includes('alpine'));
    await press(ui, '/', ...'memshape', KEY.enter);
    await waitForFrame(ui.lastFrame, (f) => f.includes('Images (1)'));
    await press(ui, 'p');
    await waitForFrame(ui.lastFrame, (f) => f.includes('functracer · tune') && f.includes('Provider'));
    await sameTable(ui);
    await press(ui, KEY.right, KEY.enter, KEY.ctrlU, ...'128,256', KEY.enter, 't');
    await waitForFrame(ui.lastFrame, (f) => f.includes('Best for cost'));
    await sameTable(ui);
  });

  it('keeps keys wider than their column apart from what they do', () => {
    expect(helpLine({ keys: 'e', action: 'export' })).toBe(`  e${' '.repeat(15)}export`);
    expect(helpLine({ keys: '↑ ↓ j k PgUp PgDn Ctrl-U Ctrl-D', action: 'scroll' })).toBe('  ↑ ↓ j k PgUp PgDn Ctrl-U Ctrl-D  scroll');
  });

  it("the README's Terminal UI keys are the screens' own tables (npm run readme:keys rewrites them)", () => {
    const text = fs.readFileSync(README, 'utf8');
    const at = text.indexOf(START);
    const end = text.indexOf(END);
    if (process.env.UPDATE_README === '1' && at >= 0 && end > at) {
      fs.writeFileSync(README, text.slice(0, at) + readmeKeys() + text.slice(end + END.length));
      return;
    }
    expect(at, `README.md has no ${START}`).toBeGreaterThanOrEqual(0);
    // Prettier pads the table's columns; the cells are what must agree.
    const cells = (block: string) => block.split('\n').map((line) => line.replace(/ +/g, ' ').replace(/-{3,}/g, '---'));
    expect(cells(text.slice(at, end + END.length))).toEqual(cells(readmeKeys()));
  });

  it('the screen of functracer run: x and q stop the run, no help, no rerun; nothing once it ended', async () => {
    const session = new TraceSession('memshape', scriptedJob(memshapeTrace(3000), { batch: 10, everyMs: 5 }).job);
    const onQuit = vi.fn();
    const ui = renderTrace(session, { standalone: true, onQuit });
    session.start();
    const running = await waitForFrame(ui.lastFrame, (f) => f.includes('running') && f.includes('┤'));
    expect(running.split('\n').at(-1)!.trim()).toBe('x stop  q stop');
    await press(ui, 'q');
    await waitUntil('the screen quits', () => onQuit.mock.calls.length > 0);
    expect(onQuit).toHaveBeenCalledOnce();
    await session.stop();
    const ended = await waitForFrame(ui.lastFrame, (f) => f.includes('·  stopped'));
    expect(ended.split('\n').at(-1)!.trim()).toBe('');
  });
});
